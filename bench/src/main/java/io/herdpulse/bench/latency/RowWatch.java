package io.herdpulse.bench.latency;

import io.herdpulse.bench.stack.BenchDatabase;
import io.herdpulse.stack.StackException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Polls the database as a reader would and notes, for each row, when it became visible: the commit
 * time of the transaction that wrote it ({@code pg_xact_commit_timestamp(xmin)}, kept by a server
 * with {@code track_commit_timestamp} on, as the stack's is), and when a poll first saw it. The
 * first is the end of a latency, exactly; the second is what a reader polling every {@link
 * #POLL_MS} ms would see, later by up to the poll interval and the query's time.
 *
 * <p>A row updated again before a poll sees it shows its update's commit time, which can only make
 * the latency longer; the rows watched are written once (a closed window's row, an alert's start)
 * while the herd reports.
 */
final class RowWatch {
    static final long POLL_MS = 200;

    /** What each latency ends at: the row's commit time, or where that is not kept, its poll. */
    enum Visibility {
        COMMITTED("commit time of the row's transaction (pg_xact_commit_timestamp)"),
        POLLED("first poll that saw the row (track_commit_timestamp is off)");

        final String description;

        Visibility(String description) {
            this.description = description;
        }
    }

    private static final String COMMITTED_MS =
            "(extract(epoch FROM pg_xact_commit_timestamp(xmin)) * 1000)::bigint";
    private static final String STATS =
            "SELECT animal_id, (extract(epoch FROM window_start) * 1000)::bigint, %s"
                    + " FROM herdpulse.animal_health_stats";
    private static final String FEVERS =
            "SELECT animal_id, %s FROM herdpulse.health_alerts WHERE kind = 'FEVER'";

    /** When each stats row, by {@link #statsKey}, became visible (ms since the epoch). */
    final Map<String, Long> statsVisible = new ConcurrentHashMap<>();

    /** When a poll first saw each stats row. */
    final Map<String, Long> statsPolled = new ConcurrentHashMap<>();

    /** When each animal's FEVER alert became visible. */
    final Map<String, Long> feversVisible = new ConcurrentHashMap<>();

    /** When a poll first saw each animal's FEVER alert. */
    final Map<String, Long> feversPolled = new ConcurrentHashMap<>();

    private final BenchDatabase database;
    private final Visibility visibility;
    private final String statsQuery;
    private final String feversQuery;

    RowWatch(BenchDatabase database) {
        this.database = database;
        this.visibility = commitTimesKept(database) ? Visibility.COMMITTED : Visibility.POLLED;
        String visible = visibility == Visibility.COMMITTED ? COMMITTED_MS : "NULL::bigint";
        this.statsQuery = STATS.formatted(visible);
        this.feversQuery = FEVERS.formatted(visible);
    }

    Visibility visibility() {
        return visibility;
    }

    static String statsKey(String animal, long windowStartMs) {
        return animal + "@" + windowStartMs;
    }

    void poll() {
        try (Connection reader = database.reader();
                Statement statement = reader.createStatement()) {
            // Taken before the query: its snapshot holds every row committed by then.
            long now = System.currentTimeMillis();
            try (ResultSet rows = statement.executeQuery(statsQuery)) {
                while (rows.next()) {
                    String key = statsKey(rows.getString(1), rows.getLong(2));
                    see(key, rows.getLong(3), rows.wasNull(), now, statsVisible, statsPolled);
                }
            }
            try (ResultSet rows = statement.executeQuery(feversQuery)) {
                while (rows.next()) {
                    see(
                            rows.getString(1),
                            rows.getLong(2),
                            rows.wasNull(),
                            now,
                            feversVisible,
                            feversPolled);
                }
            }
        } catch (SQLException e) {
            throw new StackException("cannot poll the latency database: " + e.getMessage(), e);
        }
    }

    private static void see(
            String key,
            long committed,
            boolean noCommitTime,
            long now,
            Map<String, Long> visible,
            Map<String, Long> polled) {
        polled.putIfAbsent(key, now);
        visible.merge(key, noCommitTime ? now : committed, Math::min);
    }

    /** Whether the server keeps commit times and the reader role may read them. */
    private static boolean commitTimesKept(BenchDatabase database) {
        try (Connection reader = database.reader();
                Statement statement = reader.createStatement();
                ResultSet setting =
                        statement.executeQuery(
                                "SELECT current_setting('track_commit_timestamp')")) {
            return setting.next() && "on".equals(setting.getString(1));
        } catch (SQLException e) {
            throw new StackException(
                    "cannot read track_commit_timestamp of the latency database: " + e.getMessage(),
                    e);
        }
    }
}
