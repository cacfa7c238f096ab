package io.herdpulse.monitoring.dashboards;

/** A panel's, query's or variable's reference to a Grafana datasource, by plugin type and uid. */
public record DatasourceRef(String type, String uid) {

    /** The language its queries are written in, from the datasource plugin type. */
    public QueryLanguage language() {
        return switch (type) {
            case "prometheus" -> QueryLanguage.PROMQL;
            case "grafana-postgresql-datasource", "postgres" -> QueryLanguage.SQL;
            default ->
                    throw new IllegalArgumentException(
                            "datasource " + uid + " has unsupported type " + type);
        };
    }
}
