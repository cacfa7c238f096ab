package io.herdpulse.job.config;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where and how the job writes its tables.
 *
 * @param url the JDBC URL, with {@link #DRIVER_DEFAULTS} where the user did not set them
 * @param batchSize rows per JDBC batch before an early flush
 * @param batchInterval the longest a reject row waits in its sink's buffer (rows are flushed on
 *     every checkpoint in any case)
 * @param alertBatchInterval the longest an alert row waits in its sink's buffer
 * @param maxRetries attempts of a failed batch before the job fails and restarts
 */
public record DatabaseSettings(
        String url,
        String user,
        String password,
        int batchSize,
        Duration batchInterval,
        Duration alertBatchInterval,
        int maxRetries) {

    private static final String REWRITE = "reWriteBatchedInserts";

    /**
     * The driver's settings the job adds to a URL that does not set them. Batches rewritten into a
     * few multi-row statements: several times faster. And no wait without an end: pgjdbc's defaults
     * wait for ever on a connection, a login and a reply, so a PostgreSQL that stopped answering
     * (stopped, a frozen VM, a connection cut without a reset) held the writer's task in a socket
     * read that cancelling cannot interrupt, its checkpoints timed out, and after 180 s Flink
     * killed the whole TaskManager (found by review, 2026-12-06). A minute is far longer than any
     * batch takes; keep-alives find a dead peer where nothing is being written.
     */
    public static final SortedMap<String, String> DRIVER_DEFAULTS =
            Collections.unmodifiableSortedMap(
                    new TreeMap<>(
                            Map.of(
                                    REWRITE,
                                    "true",
                                    "connectTimeout",
                                    "10",
                                    "loginTimeout",
                                    "10",
                                    "socketTimeout",
                                    "60",
                                    "tcpKeepAlive",
                                    "true")));

    /** Returns {@code url} with each of {@link #DRIVER_DEFAULTS} it does not set itself. */
    public static String withDriverDefaults(String url) {
        StringBuilder completed = new StringBuilder(url);
        DRIVER_DEFAULTS.forEach(
                (name, value) -> {
                    if (!Pattern.compile("[?&]" + name + "=").matcher(url).find()) {
                        completed.append(completed.indexOf("?") < 0 ? '?' : '&');
                        completed.append(name).append('=').append(value);
                    }
                });
        return completed.toString();
    }

    /**
     * The alert sink's settings: {@code reWriteBatchedInserts=false}, so a batch is sent as its
     * statements, one after the other in one round trip, and two statements may touch the same row;
     * and the alerts' own batch interval.
     */
    public DatabaseSettings forAlerts() {
        // Whatever the user wrote (TRUE, yes …): a rewritten batch holding an alert's start and
        // end fails on that row for ever ("cannot affect row a second time").
        return new DatabaseSettings(
                url.replaceAll("([?&])" + REWRITE + "=[^&]*", "$1" + REWRITE + "=false"),
                user,
                password,
                batchSize,
                alertBatchInterval,
                alertBatchInterval,
                maxRetries);
    }

    /** Never prints the password: this object is logged at start-up. */
    @Override
    public String toString() {
        return ("DatabaseSettings[url=%s, user=%s, password=***, batchSize=%d, batchInterval=%s,"
                        + " alertBatchInterval=%s, maxRetries=%d]")
                .formatted(url, user, batchSize, batchInterval, alertBatchInterval, maxRetries);
    }
}
