package io.herdpulse.schema;

/** The login roles the migrations create; none is a superuser. */
public enum Role {
    /** The Flink job: INSERT/UPDATE/SELECT on the four tables. */
    WRITER("herdpulse_writer"),
    /** Grafana and analysts: SELECT only. */
    READER("herdpulse_reader"),
    /** The postgres exporter: pg_monitor statistics, no table data. */
    MONITOR("herdpulse_monitor");

    private final String roleName;

    Role(String roleName) {
        this.roleName = roleName;
    }

    public String roleName() {
        return roleName;
    }
}
