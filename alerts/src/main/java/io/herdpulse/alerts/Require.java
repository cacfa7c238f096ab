package io.herdpulse.alerts;

import java.time.Duration;

/** The checks every thresholds record makes on itself, with one message per broken rule. */
public final class Require {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration LONGEST_WINDOW = Duration.ofHours(48);

    /**
     * The longest any threshold's duration may be, ten years: far beyond any use, and small enough
     * that the rules' arithmetic in epoch milliseconds cannot overflow. A timestamp the job admits
     * lies between 1970 and a year past its clock ({@code --max-future} is at most P365D), about
     * 1.8e12 ms today; ten years (3.2e11 ms) added to it stays below {@code Long.MAX_VALUE}
     * (9.2e18, the year 292 million), {@link Duration#toMillis} of it cannot throw, and neither can
     * the silent span's {@code multipliedBy} (at most 3.2e8 s times {@code Integer.MAX_VALUE},
     * under 9.2e18 s), whose result the state TTL must exceed and so is bounded too.
     */
    public static final Duration LONGEST = Duration.ofDays(3650);

    /** {@link #LONGEST} as the options write it: {@link Duration#toString} gives hours. */
    public static final String LONGEST_TEXT = "P" + LONGEST.toDays() + "D";

    private Require() {}

    public static void that(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    public static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    /**
     * A positive duration the rules can add to any timestamp the job admits: at most {@link
     * #LONGEST}.
     */
    public static void bounded(Duration d, String name) {
        that(
                positive(d) && d.compareTo(LONGEST) <= 0,
                "the " + name + " must be positive and at most " + LONGEST_TEXT);
    }

    /**
     * Windowed rules keep hourly aggregates, so their spans must be whole hours. The longest is
     * checked first: {@link Duration#toMillis} of a span of millions of years throws.
     */
    public static void window(Duration span, String name) {
        that(
                positive(span)
                        && span.compareTo(LONGEST_WINDOW) <= 0
                        && span.toMillis() % HOUR.toMillis() == 0,
                "the " + name + " must be whole hours, from PT1H to PT48H");
    }
}
