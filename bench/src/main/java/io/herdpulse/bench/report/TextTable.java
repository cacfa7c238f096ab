package io.herdpulse.bench.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A suite's rows as a table of aligned columns on the terminal. */
public final class TextTable {
    private TextTable() {}

    public static void print(SuiteResult result, PrintStream out) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(result.columns());
        for (List<Object> row : result.rows()) {
            cells.add(row.stream().map(TextTable::format).toList());
        }
        int[] widths = new int[result.columns().size()];
        for (List<String> row : cells) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        out.println();
        out.println("== " + result.title());
        for (List<String> row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(String.format(Locale.ROOT, "%" + widths[i] + "s  ", row.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
        result.headline().forEach(line -> out.println("  " + line));
    }

    private static String format(Object value) {
        if (value == null) {
            return "-";
        }
        if (value instanceof Double number) {
            return Math.abs(number) >= 100
                    ? String.format(Locale.ROOT, "%,.0f", number)
                    : String.format(Locale.ROOT, "%.2f", number);
        }
        if (value instanceof Long || value instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", value);
        }
        return value.toString();
    }
}
