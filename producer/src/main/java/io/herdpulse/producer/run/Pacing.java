package io.herdpulse.producer.run;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * When the next record may be sent. Every limit that is set applies; none set means as fast as
 * possible.
 *
 * <ul>
 *   <li>a rate: the n-th record not before n / rate seconds after the first;
 *   <li>a speed: a record of event time t not before (t - first event time) / speed after the first
 *       was sent;
 *   <li>no future: a record never before its own event time on the wall clock, so a simulation that
 *       starts in the past backfills at full speed and then follows real time.
 * </ul>
 */
public final class Pacing {
    private static final long MAX_WAIT_MILLIS = Long.MAX_VALUE / 1_000_000;

    private final double rate;
    private final double speed;
    private final boolean neverAheadOfClock;
    private final InstantSource clock;
    private long firstSendNanos;
    private Instant firstEventTime;

    private Pacing(double rate, double speed, boolean neverAheadOfClock, InstantSource clock) {
        this.rate = rate;
        this.speed = speed;
        this.neverAheadOfClock = neverAheadOfClock;
        this.clock = clock;
    }

    /**
     * @param rate records per second, 0 for no limit
     * @param speed simulated seconds per real second, 0 for no limit
     */
    public static Pacing of(
            double rate, double speed, boolean neverAheadOfClock, InstantSource clock) {
        return new Pacing(rate, speed, neverAheadOfClock, clock);
    }

    public static Pacing asFastAsPossible() {
        return new Pacing(0, 0, false, InstantSource.system());
    }

    /**
     * How long to wait before sending record number {@code index} (from 0) of event time {@code
     * eventTime}; zero or negative means now.
     */
    public Duration waitBefore(long index, Instant eventTime) {
        long now = System.nanoTime();
        if (firstEventTime == null) {
            firstSendNanos = now;
            firstEventTime = eventTime;
        }
        long waitNanos = 0;
        if (rate > 0) {
            waitNanos = Math.max(waitNanos, firstSendNanos + (long) (index * 1e9 / rate) - now);
        }
        if (speed > 0) {
            double simulatedNanos = Duration.between(firstEventTime, eventTime).toNanos();
            waitNanos = Math.max(waitNanos, firstSendNanos + (long) (simulatedNanos / speed) - now);
        }
        if (neverAheadOfClock) {
            // In milliseconds and without allocating: this runs once per record of a backfill.
            // More than 292 years ahead is as long a wait as nanoseconds hold, not an overflow
            // into no wait at all.
            long aheadMillis = Math.min(eventTime.toEpochMilli() - clock.millis(), MAX_WAIT_MILLIS);
            waitNanos = Math.max(waitNanos, aheadMillis * 1_000_000);
        }
        return waitNanos == 0 ? Duration.ZERO : Duration.ofNanos(waitNanos);
    }
}
