package io.herdpulse.job.admit;

/** Event-time arithmetic that stops at the ends of {@code long} instead of wrapping round. */
final class Saturating {
    private Saturating() {}

    static long add(long time, long nonNegativeSpan) {
        long sum = time + nonNegativeSpan;
        return sum < time ? Long.MAX_VALUE : sum;
    }
}
