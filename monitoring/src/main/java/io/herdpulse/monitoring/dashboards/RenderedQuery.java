package io.herdpulse.monitoring.dashboards;

import java.util.Set;

/**
 * A panel query as Grafana would send it: variables substituted and macros expanded.
 *
 * @param text plain PromQL or SQL
 * @param format for SQL, {@code time_series} (needs a {@code time} column) or {@code table}
 * @param mappedColumns the result columns the panel needs (see {@link Panel#mappedFields()}; {@code
 *     time} for time series SQL)
 */
public record RenderedQuery(
        String dashboardUid,
        String panelTitle,
        String panelType,
        String refId,
        QueryLanguage language,
        String text,
        String format,
        boolean instant,
        Set<String> mappedColumns) {

    /** "dashboard / panel / refId", for assertion messages. */
    public String describe() {
        return dashboardUid + " / " + panelTitle + " / " + refId;
    }
}
