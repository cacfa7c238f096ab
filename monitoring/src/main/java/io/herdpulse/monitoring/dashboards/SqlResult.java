package io.herdpulse.monitoring.dashboards;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The columns and rows a panel's SQL returns, as Grafana's PostgreSQL datasource receives them. */
public record SqlResult(List<String> columns, List<List<Object>> rows) {

    public static SqlResult run(Connection connection, RenderedQuery query) {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(query.text())) {
            ResultSetMetaData meta = result.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i));
            }
            List<List<Object>> rows = new ArrayList<>();
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(result.getObject(i));
                }
                rows.add(row);
            }
            return new SqlResult(List.copyOf(columns), rows);
        } catch (SQLException e) {
            throw new AssertionError(query.describe() + " failed: " + query.text(), e);
        }
    }

    public List<Object> column(String name) {
        int index = columns.indexOf(name);
        if (index < 0) {
            throw new AssertionError("no column " + name + " in " + columns);
        }
        return rows.stream().map(row -> row.get(index)).toList();
    }
}
