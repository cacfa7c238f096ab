package io.herdpulse.stack.supervise;

import java.time.Duration;
import java.time.Instant;

/**
 * When a component that keeps dying may be started again: at once the first time, then after waits
 * that double up to {@code max}. A component still running {@code max} after its last start is
 * forgiven its earlier deaths ({@link #forgivenAt}).
 */
record Backoff(Duration first, Duration max, int attempts, Instant lastAttempt) {

    static Backoff fresh(Duration first, Duration max) {
        return new Backoff(first, max, 0, Instant.MIN);
    }

    boolean allows(Instant now) {
        return attempts == 0 || !now.isBefore(lastAttempt.plus(delay()));
    }

    /** The state after an attempt at {@code now}. */
    Backoff attempted(Instant now) {
        return new Backoff(first, max, attempts + 1, now);
    }

    /** Whether a component found running at {@code now} has stayed up long enough to start over. */
    boolean forgivenAt(Instant now) {
        return !now.isBefore(lastAttempt.plus(max));
    }

    /** The wait after the latest attempt: first, 2 × first, 4 × first … up to max. */
    Duration delay() {
        if (attempts <= 1) {
            return attempts == 0 ? Duration.ZERO : first;
        }
        int doublings = Math.min(attempts - 1, 30);
        Duration grown = first.multipliedBy(1L << doublings);
        return grown.compareTo(max) > 0 ? max : grown;
    }
}
