package io.herdpulse.producer.run;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A request to stop a run early (Ctrl-C, SIGTERM, a test), which also wakes a run that is waiting
 * for its next send time, so stopping never waits for the next reading of a real-time simulation.
 */
public final class StopSignal {
    private final CountDownLatch stopped = new CountDownLatch(1);

    public void request() {
        stopped.countDown();
    }

    public boolean isRequested() {
        return stopped.getCount() == 0;
    }

    /**
     * Waits up to {@code duration} unless a stop is requested first.
     *
     * @return true if a stop was requested
     */
    public boolean await(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return isRequested();
        }
        try {
            return stopped.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
