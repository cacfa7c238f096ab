package io.herdpulse.monitoring.dashboards;

/**
 * A template variable of a dashboard ({@code $farm}, {@code $job_name}).
 *
 * @param query the variable's query: {@code label_values(...)} for Prometheus, SQL for PostgreSQL
 * @param allValue what Grafana substitutes when "All" is selected, or null without an "All" option
 */
public record Variable(String name, DatasourceRef datasource, String query, String allValue) {

    public boolean hasAllOption() {
        return allValue != null;
    }
}
