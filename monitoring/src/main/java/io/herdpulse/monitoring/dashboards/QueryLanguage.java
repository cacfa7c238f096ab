package io.herdpulse.monitoring.dashboards;

/** What a dashboard query is written in, and so where it runs. */
public enum QueryLanguage {
    /** Prometheus' HTTP API, {@code /api/v1/query}. */
    PROMQL,
    /** PostgreSQL, as the read-only role herdpulse_reader. */
    SQL
}
