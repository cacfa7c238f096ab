package io.herdpulse.monitoring.dashboards;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lists every query of every panel of a dashboard as Grafana would send it, so that tests can run
 * each one against the real Prometheus and PostgreSQL.
 *
 * <p>Variables get their values as a fresh Grafana would pick them: "All" where the variable has
 * that option, otherwise the first value its own query returns (for SQL variables, through a {@link
 * SqlLookup} the caller provides). Explicit values override both.
 */
public final class DashboardQueries {
    private final TimeRange range;

    public DashboardQueries(TimeRange range) {
        this.range = range;
    }

    /** Runs a rendered SQL variable query and returns the first column of its first row. */
    @FunctionalInterface
    public interface SqlLookup {
        Optional<String> firstValue(String sql);

        /** For dashboards without SQL variables: any lookup is an error. */
        static SqlLookup none() {
            return sql -> {
                throw new IllegalStateException("no database to resolve a variable with: " + sql);
            };
        }
    }

    /**
     * The value of every variable of the dashboard, in definition order (later ones may use earlier
     * ones).
     */
    public Map<String, String> resolveVariables(
            Dashboard dashboard, Map<String, String> explicit, SqlLookup sqlLookup) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Variable variable : dashboard.variables()) {
            String value = explicit.get(variable.name());
            if (value == null && variable.hasAllOption()) {
                value = variable.allValue();
            }
            if (value == null && variable.datasource().language() == QueryLanguage.SQL) {
                String sql = GrafanaTemplate.sql(variable.query(), values, range);
                value =
                        sqlLookup
                                .firstValue(sql)
                                .orElseThrow(
                                        () ->
                                                new IllegalStateException(
                                                        "variable $"
                                                                + variable.name()
                                                                + " of "
                                                                + dashboard.uid()
                                                                + " has no value: "
                                                                + sql
                                                                + " returned no row"));
            }
            if (value == null) {
                throw new IllegalStateException(
                        "variable $"
                                + variable.name()
                                + " of "
                                + dashboard.uid()
                                + " needs a value");
            }
            values.put(variable.name(), value);
        }
        return values;
    }

    /** Every query of every panel, rendered with the given variable values. */
    public List<RenderedQuery> render(Dashboard dashboard, Map<String, String> variables) {
        List<RenderedQuery> queries = new ArrayList<>();
        for (Panel panel : dashboard.panels()) {
            for (Target target : panel.targets()) {
                QueryLanguage language = target.datasource().language();
                String text =
                        language == QueryLanguage.SQL
                                ? GrafanaTemplate.sql(target.text(), variables, range)
                                : GrafanaTemplate.promQl(target.text(), variables, range);
                Set<String> columns = new LinkedHashSet<>();
                if (language == QueryLanguage.SQL && "time_series".equals(target.format())) {
                    columns.add("time");
                }
                columns.addAll(panel.mappedFields());
                queries.add(
                        new RenderedQuery(
                                dashboard.uid(),
                                panel.title(),
                                panel.type(),
                                target.refId(),
                                language,
                                text,
                                target.format(),
                                target.instant(),
                                Set.copyOf(columns)));
            }
        }
        return queries;
    }

    /** Resolves the variables as {@link #resolveVariables} does, then renders every query. */
    public List<RenderedQuery> render(Dashboard dashboard, SqlLookup sqlLookup) {
        return render(dashboard, resolveVariables(dashboard, Map.of(), sqlLookup));
    }
}
