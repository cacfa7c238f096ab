package io.herdpulse.monitoring.dashboards;

/**
 * One query of a panel as it is written in the dashboard: {@code expr} for Prometheus, {@code
 * rawSql} for PostgreSQL, still holding Grafana's {@code $variables} and macros.
 *
 * @param format Grafana's result format for SQL ({@code time_series} or {@code table}); empty for
 *     PromQL
 * @param instant whether Grafana runs the PromQL as an instant query rather than a range query
 */
public record Target(
        String refId, DatasourceRef datasource, String text, String format, boolean instant) {}
