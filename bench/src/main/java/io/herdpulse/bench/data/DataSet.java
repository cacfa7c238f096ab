package io.herdpulse.bench.data;

import java.time.Duration;
import java.time.Instant;

/**
 * A topic the benchmark loaded with a simulated herd's readings and a realistic share of faults,
 * and what it holds, from which every expected count follows: every animal reports once per {@link
 * #INTERVAL}, {@code intervals} times, from {@code start} (a whole hour); after every {@link
 * #FAULT_SPACING}th reading one bad message follows, and every {@link #FAULT_SPACING}th reading is
 * sent twice.
 *
 * @param readings the distinct valid readings: {@code animals × intervals}
 * @param badMessages messages the job rejects (malformed JSON, out of range, missing field, in
 *     turn)
 * @param duplicates second copies of a valid reading, same id and bytes
 */
public record DataSet(
        String topic,
        int animals,
        int farms,
        int intervals,
        Instant start,
        long readings,
        long badMessages,
        long duplicates) {
    /** The real bolus' reporting interval. */
    public static final Duration INTERVAL = Duration.ofMinutes(10);

    /** One fault of each kind per this many readings: ~1 % bad messages and ~1 % duplicates. */
    public static final int FAULT_SPACING = 100;

    /** Every record of the topic: what a consumer reads. */
    public long records() {
        return readings + badMessages + duplicates;
    }

    /** Rows {@code animal_health_stats} ends with for a window that divides the hour. */
    public long animalRows(Duration window) {
        long perWindow = Math.max(1, window.toSeconds() / INTERVAL.toSeconds());
        return animals * ((intervals + perWindow - 1) / perWindow);
    }
}
