package io.herdpulse.producer.run;

import java.util.ArrayDeque;

/** Records per second over a sliding window of recent samples of a growing count. */
final class RateMeter {
    private static final long WINDOW_NANOS = 5_000_000_000L;

    private record Sample(long nanos, long count) {}

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    /** Adds a sample and returns the rate since the oldest sample still in the window. */
    double sample(long nanos, long count) {
        samples.addLast(new Sample(nanos, count));
        while (samples.size() > 2 && nanos - samples.peekFirst().nanos() > WINDOW_NANOS) {
            samples.removeFirst();
        }
        Sample oldest = samples.peekFirst();
        long elapsed = nanos - oldest.nanos();
        return elapsed == 0 ? 0 : (count - oldest.count()) * 1e9 / elapsed;
    }
}
