package io.herdpulse.alerts;

import java.time.Duration;

/** The checks every thresholds record makes on itself, with one message per broken rule. */
public final class Require {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration LONGEST_WINDOW = Duration.ofHours(48);

    private Require() {}

    public static void that(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    public static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    /** Windowed rules keep hourly aggregates, so their spans must be whole hours. */
    public static void window(Duration span, String name) {
        that(
                positive(span)
                        && span.toMillis() % HOUR.toMillis() == 0
                        && span.compareTo(LONGEST_WINDOW) <= 0,
                "the " + name + " must be whole hours, from PT1H to PT48H");
    }
}
