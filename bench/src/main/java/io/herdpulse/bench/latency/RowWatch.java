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
 * Polls the database as a reader would and notes when each row was first visible: the end of a
 * latency, as a dashboard or an alert consumer would see it (to within the poll interval).
 */
final class RowWatch {
    static final long POLL_MS = 200;

    private static final String STATS =
            "SELECT animal_id, (extract(epoch FROM window_start) * 1000)::bigint"
                    + " FROM herdpulse.animal_health_stats";
    private static final String FEVERS =
            "SELECT animal_id FROM herdpulse.health_alerts WHERE kind = 'FEVER'";

    /** First time seen (ms since the epoch) of each stats row, by {@link #statsKey}. */
    final Map<String, Long> statsSeen = new ConcurrentHashMap<>();

    /** First time seen of each animal's FEVER alert. */
    final Map<String, Long> feversSeen = new ConcurrentHashMap<>();

    private final BenchDatabase database;

    RowWatch(BenchDatabase database) {
        this.database = database;
    }

    static String statsKey(String animal, long windowStartMs) {
        return animal + "@" + windowStartMs;
    }

    void poll() {
        try (Connection reader = database.reader();
                Statement statement = reader.createStatement()) {
            long now = System.currentTimeMillis();
            try (ResultSet rows = statement.executeQuery(STATS)) {
                while (rows.next()) {
                    statsSeen.putIfAbsent(statsKey(rows.getString(1), rows.getLong(2)), now);
                }
            }
            try (ResultSet rows = statement.executeQuery(FEVERS)) {
                while (rows.next()) {
                    feversSeen.putIfAbsent(rows.getString(1), now);
                }
            }
        } catch (SQLException e) {
            throw new StackException("cannot poll the latency database: " + e.getMessage(), e);
        }
    }
}
