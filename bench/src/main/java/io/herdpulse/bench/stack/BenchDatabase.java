package io.herdpulse.bench.stack;

import io.herdpulse.schema.Role;
import io.herdpulse.stack.StackException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A database of the benchmark's own on the stack's PostgreSQL, migrated like the stack's, which a
 * job writes into and the benchmark reads as the read-only role. Dropped on {@link #close}.
 */
public final class BenchDatabase implements AutoCloseable {
    private final BenchStack stack;
    private final String name;
    private final String url;

    public BenchDatabase(BenchStack stack, String name) {
        this.stack = stack;
        this.name = name;
        this.url = stack.database(name);
    }

    public String url() {
        return url;
    }

    /** A number the query returns in its first column (0 for SQL NULL, e.g. a sum of no rows). */
    public long count(String sql) {
        try (Connection reader = reader();
                Statement statement = reader.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new StackException("cannot query " + name + ": " + e.getMessage(), e);
        }
    }

    public Connection reader() throws SQLException {
        return DriverManager.getConnection(
                url, Role.READER.roleName(), stack.password(Role.READER));
    }

    @Override
    public void close() {
        stack.dropDatabase(name);
    }
}
