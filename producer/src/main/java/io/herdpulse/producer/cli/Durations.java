package io.herdpulse.producer.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option values that are times. */
final class Durations {
    private Durations() {}

    static Duration parse(String text) {
        Duration duration;
        try {
            duration = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new TypeConversionException(
                    "'" + text + "' is not an ISO-8601 duration such as PT10M, PT36H or P7D");
        }
        try {
            // The clients and the JDK count waits in nanoseconds: a longer one overflowed there
            // and broke the run after it had started.
            duration.toNanos();
        } catch (ArithmeticException tooLong) {
            throw new TypeConversionException(
                    "'" + text + "' is longer than any wait can be (292 years)");
        }
        return duration;
    }

    /** A positive ISO-8601 duration. */
    static final class Positive implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            Duration duration = parse(text);
            if (duration.isNegative() || duration.isZero()) {
                throw new TypeConversionException("'" + text + "' must be a positive duration");
            }
            return duration;
        }
    }

    /** A duration of zero or more. */
    static final class NotNegative implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            Duration duration = parse(text);
            if (duration.isNegative()) {
                throw new TypeConversionException("'" + text + "' must not be negative");
            }
            return duration;
        }
    }

    /**
     * An instant ({@code 2026-03-01T00:00:00Z}), {@code now}, or a duration from now ({@code -P7D}
     * is a week ago), resolved once, when the options are parsed.
     */
    static final class StartTime implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String text) {
            String value = text.trim();
            if (value.equalsIgnoreCase("now")) {
                return Instant.now();
            }
            if (value.startsWith("P") || value.startsWith("-P") || value.startsWith("+P")) {
                return Instant.now().plus(parse(value));
            }
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException(
                        "'"
                                + text
                                + "' is neither an instant (2026-03-01T00:00:00Z), 'now', nor a"
                                + " duration from now (-P7D)");
            }
        }
    }
}
