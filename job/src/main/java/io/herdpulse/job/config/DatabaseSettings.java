package io.herdpulse.job.config;

import java.time.Duration;

/**
 * Where and how the job writes its tables.
 *
 * @param url the JDBC URL, with {@code reWriteBatchedInserts=true} unless the user set it
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
     * Returns {@code url} with {@code reWriteBatchedInserts=true} unless it sets that parameter
     * already: the driver then sends a batch as a few multi-row statements, several times faster.
     */
    public static String withBatchedInserts(String url) {
        if (url.contains(REWRITE + "=")) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + REWRITE + "=true";
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
