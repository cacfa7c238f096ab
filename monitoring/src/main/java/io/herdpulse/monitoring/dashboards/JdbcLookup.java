package io.herdpulse.monitoring.dashboards;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/** Resolves SQL variables on a JDBC connection, as Grafana's PostgreSQL datasource would. */
public final class JdbcLookup implements DashboardQueries.SqlLookup {
    private final Connection connection;

    public JdbcLookup(Connection connection) {
        this.connection = connection;
    }

    @Override
    public Optional<String> firstValue(String sql) {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("variable query failed: " + sql, e);
        }
    }
}
