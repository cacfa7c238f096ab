package io.herdpulse.stack.drill;

import io.herdpulse.schema.Role;
import io.herdpulse.stack.StackException;
import io.herdpulse.stack.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * A run's own database on the stack's PostgreSQL, migrated as the stack's is, so the job writes
 * there as the usual writer role and the user's rows are never touched.
 */
final class DrillDatabase {
    /**
     * The time each table's writes carry: processing time, so a row newer than a failure was
     * written after it.
     */
    private static final String LATEST_WRITE =
            """
            SELECT greatest(
                (SELECT max(updated_at) FROM herdpulse.animal_health_stats),
                (SELECT max(updated_at) FROM herdpulse.farm_health_stats),
                (SELECT max(detected_at) FROM herdpulse.health_alerts),
                (SELECT max(received_at) FROM herdpulse.rejected_readings))
            """;

    private final PostgresServer postgres;
    private final String name;

    DrillDatabase(PostgresServer postgres, String name) {
        this.postgres = postgres;
        this.name = name;
    }

    String name() {
        return name;
    }

    String jdbcUrl() {
        return postgres.jdbcUrl(name);
    }

    /**
     * Creates and migrates it, with indexes on the write times so that polling for the newest write
     * stays cheap at a million rows (the job's own tables do not need them).
     */
    void create() {
        postgres.createDatabase(name);
        try (Connection owner = postgres.ownerConnection(name);
                Statement ddl = owner.createStatement()) {
            ddl.execute("CREATE INDEX ON herdpulse.animal_health_stats (updated_at)");
            ddl.execute("CREATE INDEX ON herdpulse.farm_health_stats (updated_at)");
            ddl.execute("CREATE INDEX ON herdpulse.health_alerts (detected_at)");
            ddl.execute("CREATE INDEX ON herdpulse.rejected_readings (received_at)");
        } catch (SQLException e) {
            throw new StackException("cannot prepare database " + name + ": " + e.getMessage(), e);
        }
    }

    /** The newest write time of any table, or empty while none is there or PostgreSQL is down. */
    Optional<Instant> latestWrite() {
        try (Connection reader = reader();
                Statement query = reader.createStatement()) {
            query.setQueryTimeout(5);
            ResultSet result = query.executeQuery(LATEST_WRITE);
            result.next();
            Timestamp latest = result.getTimestamp(1);
            return Optional.ofNullable(latest).map(Timestamp::toInstant);
        } catch (SQLException down) {
            return Optional.empty();
        }
    }

    /** As the read-only role, which the migration grants SELECT in every database. */
    Connection reader() throws SQLException {
        return DriverManager.getConnection(
                jdbcUrl(), Role.READER.roleName(), postgres.password(Role.READER));
    }

    void drop() {
        postgres.dropDatabase(name);
    }
}
