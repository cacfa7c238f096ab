package io.herdpulse.producer.run;

import java.time.Duration;
import java.util.Locale;

/**
 * What a run did, for the summary line and the exit code.
 *
 * @param sent records handed to the Kafka client
 * @param acknowledged records the broker acknowledged
 * @param failed records the client reported as failed
 * @param failure why the run ended early, null if it did not
 */
public record RunReport(
        String command,
        long sent,
        long acknowledged,
        long failed,
        double retries,
        Duration elapsed,
        String failure) {

    public double recordsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds == 0 ? 0 : acknowledged / seconds;
    }

    public boolean succeeded() {
        return failure == null;
    }

    /**
     * One line a person and a script can both read; the benchmark parses the acknowledged count and
     * the rate from it.
     */
    public String summary() {
        return String.format(
                Locale.ROOT,
                "%s: %d records acknowledged of %d sent, %d failed, %.0f retries, in %.3f s (%.1f"
                        + " records/s)",
                command,
                acknowledged,
                sent,
                failed,
                retries,
                elapsed.toNanos() / 1e9,
                recordsPerSecond());
    }
}
