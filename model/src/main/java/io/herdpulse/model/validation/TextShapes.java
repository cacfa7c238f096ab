package io.herdpulse.model.validation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * The shapes of the contract's text fields, checked by hand: these run for every record the job
 * reads, where regular expressions and {@code DateTimeFormatter} cost more than the rest of the
 * validation together.
 */
final class TextShapes {
    private static final int ID_MAX = 64;
    private static final int SENSOR_ID_MAX = 128;
    private static final int UUID_LENGTH = 36;
    private static final long SECONDS_PER_DAY = 86_400;

    private TextShapes() {}

    /** 1–64 characters of {@code [A-Za-z0-9_-]}. */
    static boolean isId(String value) {
        int length = value.length();
        if (length < 1 || length > ID_MAX) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (!(isAsciiLetterOrDigit(c) || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * At most 128 characters (code points, as SQL's {@code CHAR_LENGTH} counts them) of any kind,
     * none at all too: sensors name themselves (serial numbers, MAC addresses), and a blank column
     * of a CSV export was always taken, but a reading waits in the job's state until the watermark
     * passes it, so its size must be bounded.
     */
    static boolean isSensorId(String value) {
        int units = value.length();
        // A code point is one or two UTF-16 units: count them only where that decides.
        return units <= SENSOR_ID_MAX
                || (units <= 2 * SENSOR_ID_MAX && value.codePointCount(0, units) <= SENSOR_ID_MAX);
    }

    /** A UUID in its 8-4-4-4-12 form, hex digits of either case. */
    static boolean isUuid(String value) {
        if (value.length() != UUID_LENGTH) {
            return false;
        }
        for (int i = 0; i < UUID_LENGTH; i++) {
            char c = value.charAt(i);
            boolean hyphenPlace = i == 8 || i == 13 || i == 18 || i == 23;
            if (hyphenPlace ? c != '-' : !isAsciiHex(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * An ISO-8601 instant in UTC ({@code Z}) as {@link Instant#parse} reads it, or null. The usual
     * form {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} is read by hand; anything else by {@code
     * Instant.parse}, so both accept exactly the same texts with the same values.
     */
    static Instant utcInstant(String value) {
        if (!value.endsWith("Z")) {
            return null;
        }
        Instant usual = usualForm(value);
        if (usual != null) {
            return usual;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} with at most 9 fraction digits; null for anything else. */
    private static Instant usualForm(String v) {
        int length = v.length();
        if (length < 20
                || v.charAt(4) != '-'
                || v.charAt(7) != '-'
                || v.charAt(10) != 'T'
                || v.charAt(13) != ':'
                || v.charAt(16) != ':') {
            return null;
        }
        int year = digits(v, 0, 4);
        int month = digits(v, 5, 7);
        int day = digits(v, 8, 10);
        int hour = digits(v, 11, 13);
        int minute = digits(v, 14, 16);
        int second = digits(v, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) {
            return null;
        }
        // A leap second (:60) and the rest are left to Instant.parse.
        if (minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            if (v.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            int fraction = digits(v, 20, length - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(
                epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nanos);
    }

    /** The decimal number in {@code v[from, to)}, or -1 if any of it is not a digit. */
    private static int digits(String v, int from, int to) {
        int number = 0;
        for (int i = from; i < to; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            number = number * 10 + (c - '0');
        }
        return number;
    }

    private static boolean isAsciiHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
