package io.herdpulse.stack.drill;

import io.herdpulse.stack.StackException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every row of the four tables of a run compared with the failure-free run's: all columns but the
 * processing-time ones, streamed from both databases in key order, so a million rows need no
 * memory.
 */
final class TableDiff {
    private static final int EXAMPLES = 5;

    /**
     * @param key the columns that identify a row; for a multiset, all compared columns
     * @param values the other compared columns
     * @param multiset rows without a comparable key (rejects: their offsets differ between two
     *     topics), compared by how often each occurs
     */
    record Table(String name, List<String> key, List<String> values, boolean multiset) {}

    static final List<Table> TABLES =
            List.of(
                    new Table(
                            "animal_health_stats",
                            List.of("animal_id", "window_start"),
                            List.of(
                                    "farm_id",
                                    "window_end",
                                    "readings",
                                    "temp_avg",
                                    "temp_min",
                                    "temp_max",
                                    "activity_avg",
                                    "rumination_min",
                                    "water_intake_l",
                                    "ph_avg",
                                    "ph_min"),
                            false),
                    new Table(
                            "farm_health_stats",
                            List.of("farm_id", "window_start"),
                            List.of(
                                    "window_end",
                                    "animals",
                                    "readings",
                                    "temp_avg",
                                    "animals_with_fever"),
                            false),
                    new Table(
                            "health_alerts",
                            List.of("alert_id"),
                            List.of(
                                    "animal_id",
                                    "farm_id",
                                    "kind",
                                    "severity",
                                    "started_at",
                                    "ended_at",
                                    "value",
                                    "threshold",
                                    "details"),
                            false),
                    new Table(
                            "rejected_readings",
                            List.of(
                                    "source_partition",
                                    "reason",
                                    // A FUTURE_TIMESTAMP detail ends with the job's clock, a
                                    // processing time.
                                    "regexp_replace(detail, 'clock [^ ]+$', 'clock')",
                                    "encode(raw_payload, 'escape')"),
                            List.of(),
                            true));

    /**
     * One table's comparison.
     *
     * @param lost rows of the failure-free run missing from the drill's run
     * @param extra rows of the drill's run the failure-free run does not have (for rejects: more
     *     copies)
     * @param differing rows present in both whose values differ
     */
    record Outcome(
            String table,
            long expectedRows,
            long actualRows,
            long lost,
            long extra,
            long differing,
            List<String> examples) {

        boolean equal() {
            return lost == 0 && extra == 0 && differing == 0;
        }
    }

    /** Opens a connection to one run's database. */
    @FunctionalInterface
    interface Database {
        Connection open() throws SQLException;
    }

    private TableDiff() {}

    static List<Outcome> compare(Database expected, Database actual) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Table table : TABLES) {
            try (Connection left = expected.open();
                    Connection right = actual.open()) {
                outcomes.add(compare(table, left, right));
            } catch (SQLException e) {
                throw new StackException(
                        "cannot compare " + table.name() + ": " + e.getMessage(), e);
            }
        }
        return outcomes;
    }

    private static Outcome compare(Table table, Connection left, Connection right)
            throws SQLException {
        try (Cursor expected = new Cursor(left, table);
                Cursor actual = new Cursor(right, table)) {
            long lost = 0;
            long extra = 0;
            long differing = 0;
            List<String> examples = new ArrayList<>();
            while (expected.row() != null || actual.row() != null) {
                int order =
                        expected.row() == null
                                ? 1
                                : actual.row() == null
                                        ? -1
                                        : expected.key().compareTo(actual.key());
                if (order < 0) {
                    lost++;
                    example(examples, "lost " + expected.row());
                    expected.next();
                } else if (order > 0) {
                    extra++;
                    example(examples, "extra " + actual.row());
                    actual.next();
                } else {
                    if (!expected.values().equals(actual.values())) {
                        differing++;
                        example(
                                examples,
                                "differs "
                                        + expected.key()
                                        + ": "
                                        + differences(table, expected.values(), actual.values()));
                    }
                    expected.next();
                    actual.next();
                }
            }
            return new Outcome(
                    table.name(), expected.rows(), actual.rows(), lost, extra, differing, examples);
        }
    }

    /** Only the columns that differ: "column expected → found", so a long row stays readable. */
    private static String differences(Table table, String expected, String actual) {
        String[] left = expected.split("\\|", -1);
        String[] right = actual.split("\\|", -1);
        if (left.length != table.values().size() || right.length != left.length) {
            return "expected " + expected + ", found " + actual;
        }
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < left.length; i++) {
            if (!left[i].equals(right[i])) {
                differences.add(table.values().get(i) + " " + left[i] + " → " + right[i]);
            }
        }
        return String.join("; ", differences);
    }

    private static void example(List<String> examples, String example) {
        if (examples.size() < EXAMPLES) {
            examples.add(example.length() > 600 ? example.substring(0, 600) + "…" : example);
        }
    }

    /** A table's rows as (key, values) text in byte order, fetched in batches. */
    private static final class Cursor implements AutoCloseable {
        private final Statement statement;
        private final ResultSet rows;
        private String key;
        private String values;
        private long count;

        Cursor(Connection connection, Table table) throws SQLException {
            // Timestamps as text in one zone, so both runs' rows read alike.
            connection.setAutoCommit(false);
            try (Statement zone = connection.createStatement()) {
                zone.execute("SET TimeZone = 'UTC'");
            }
            statement = connection.createStatement();
            statement.setFetchSize(10_000);
            rows =
                    statement.executeQuery(
                            "SELECT k, v FROM (SELECT "
                                    + text(table.key())
                                    + " AS k, "
                                    + text(table.values())
                                    + " AS v FROM herdpulse."
                                    + table.name()
                                    + ") r ORDER BY k COLLATE \"C\", v COLLATE \"C\"");
            next();
        }

        /** "key → values", or null after the last row. */
        String row() {
            return key == null ? null : values.isEmpty() ? key : key + " → " + values;
        }

        String key() {
            return key;
        }

        String values() {
            return values;
        }

        long rows() {
            return count;
        }

        void next() throws SQLException {
            if (rows.next()) {
                key = rows.getString(1);
                values = rows.getString(2);
                count++;
            } else {
                key = null;
                values = null;
            }
        }

        @Override
        public void close() throws SQLException {
            rows.close();
            statement.close();
        }

        private static String text(List<String> columns) {
            if (columns.isEmpty()) {
                return "''";
            }
            return columns.stream()
                    .map(column -> "coalesce((" + column + ")::text, 'NULL')")
                    .collect(Collectors.joining(", ", "concat_ws('|', ", ")"));
        }
    }
}
