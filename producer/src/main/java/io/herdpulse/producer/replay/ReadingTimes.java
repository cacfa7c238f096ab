package io.herdpulse.producer.replay;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * A reading's time as sources write it: ISO-8601 with 'T' or a space, in UTC ({@code
 * 2026-03-01T10:20:00Z}) or with an offset ({@code +01:00}, {@code +00:00} as Python's {@code
 * isoformat()} writes it, {@code +0100}, {@code +01}). The contract takes only the UTC form, which
 * {@link Instant#toString()} writes.
 */
public final class ReadingTimes {
    private static final DateTimeFormatter TIMESTAMP =
            new DateTimeFormatterBuilder()
                    .append(DateTimeFormatter.ISO_LOCAL_DATE)
                    .appendPattern("['T'][' ']")
                    .append(DateTimeFormatter.ISO_LOCAL_TIME)
                    .optionalStart()
                    .parseLenient()
                    .appendOffset("+HH", "Z")
                    .toFormatter(Locale.ROOT);

    private ReadingTimes() {}

    /**
     * The instant a time with {@code Z} or an offset names.
     *
     * @throws DateTimeParseException when the text is no such time (one without an offset included)
     * @throws LeapSecond for {@code 23:59:60Z}
     */
    public static Instant instant(String text) {
        return parse(text, false);
    }

    /** The same, and a time without an offset taken as UTC (spreadsheets write those). */
    public static Instant instantOrLocalAsUtc(String text) {
        return parse(text, true);
    }

    private static Instant parse(String text, boolean localAsUtc) {
        TemporalAccessor time;
        try {
            // Instant's own form, as far as its years go; it reads a leap second as :59, flagged.
            time = DateTimeFormatter.ISO_INSTANT.parse(text);
        } catch (DateTimeParseException notInstantsForm) {
            time = TIMESTAMP.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
        }
        if (time.query(DateTimeFormatter.parsedLeapSecond())) {
            throw new LeapSecond(text);
        }
        if (time instanceof LocalDateTime local) {
            if (!localAsUtc) {
                throw new DateTimeParseException("no offset", text, text.length());
            }
            return local.toInstant(ZoneOffset.UTC);
        }
        return Instant.from(time);
    }

    /**
     * A leap second: an {@link Instant} has none, and read as {@code :59} it would take the derived
     * id of the reading a second earlier.
     */
    public static final class LeapSecond extends DateTimeException {
        private static final long serialVersionUID = 1L;

        LeapSecond(String text) {
            super("a leap second, '" + text + "'");
        }
    }
}
