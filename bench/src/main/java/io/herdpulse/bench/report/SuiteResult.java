package io.herdpulse.bench.report;

import java.util.List;
import java.util.Map;

/**
 * What one suite measured: a table (one row per run, the same columns in JSON, CSV and on the
 * terminal), the facts of its data set, the bars of its chart and the lines of the summary.
 *
 * @param facts what the suite ran on (data set, sizes), written to the JSON
 * @param headline the few lines the final summary prints for this suite (ratios, percentiles)
 */
public record SuiteResult(
        String suite,
        String title,
        Map<String, Object> facts,
        List<String> columns,
        List<List<Object>> rows,
        Chart chart,
        List<String> headline) {

    /** A bar chart: one bar per category and series, on one value axis. */
    public record Chart(String valueAxis, List<Bar> bars) {}

    public record Bar(String series, String category, double value) {}
}
