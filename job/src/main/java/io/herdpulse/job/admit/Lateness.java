package io.herdpulse.job.admit;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * When a reading is too late for its tumbling window: exactly the window operator's rule, so that a
 * reading this job rejects as LATE is one the window would have dropped, and no other.
 *
 * @param window the tumbling window, aligned to the epoch
 * @param allowedLateness how long after its end a window still accepts readings
 */
public record Lateness(Duration window, Duration allowedLateness) implements Serializable {

    /** The rule as checkpointed: both durations in milliseconds. */
    public static Lateness ofMillis(long window, long allowedLateness) {
        return new Lateness(Duration.ofMillis(window), Duration.ofMillis(allowedLateness));
    }

    public long windowMillis() {
        return window.toMillis();
    }

    public long allowedLatenessMillis() {
        return allowedLateness.toMillis();
    }

    /** Why state written under {@code restored} cannot go on under this rule, and what to do. */
    public String refusalToRestore(Lateness restored) {
        return "the checkpoint or savepoint was written with --window "
                + restored.window
                + " --allowed-lateness "
                + restored.allowedLateness
                + ", and this job runs with --window "
                + window
                + " --allowed-lateness "
                + allowedLateness
                + ": windows it already wrote would be opened again by later readings and their rows"
                + " overwritten. Resume with the options it was written with, or start the job"
                + " without it (its rows stay as written)";
    }

    /** The start of the window holding {@code eventTime}. */
    public long windowStart(long eventTime) {
        long size = window.toMillis();
        return Math.floorDiv(eventTime, size) * size;
    }

    /**
     * The watermark at which the window holding {@code eventTime} is dropped: its last millisecond
     * plus the allowed lateness (WindowOperator's cleanup time), saturating instead of overflowing.
     */
    public long cleanupTime(long eventTime) {
        long lastMillisecond = windowStart(eventTime) + window.toMillis() - 1;
        return Saturating.add(lastMillisecond, allowedLateness.toMillis());
    }

    public boolean isLate(long eventTime, long watermark) {
        return cleanupTime(eventTime) <= watermark;
    }

    /** The detail of a LATE row: which window, and that it is closed. */
    public String describe(Instant timestamp) {
        Instant start = Instant.ofEpochMilli(windowStart(timestamp.toEpochMilli()));
        return "timestamp "
                + timestamp
                + " is in window ["
                + start
                + ", "
                + start.plus(window)
                + "), already closed (allowed lateness "
                + allowedLateness
                + ")";
    }
}
