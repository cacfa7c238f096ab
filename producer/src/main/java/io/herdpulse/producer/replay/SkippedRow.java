package io.herdpulse.producer.replay;

/**
 * A CSV row replay could not turn into a reading.
 *
 * @param reason a short, stable label (the metric's {@code reason})
 */
public record SkippedRow(long line, String reason, String detail) {
    public static final String COLUMN_COUNT = "column_count";
    public static final String BAD_QUOTING = "bad_quoting";
    public static final String EMPTY_VALUE = "empty_value";
    public static final String BAD_NUMBER = "bad_number";
    public static final String BAD_TIMESTAMP = "bad_timestamp";
    public static final String LINE_TOO_LONG = "line_too_long";
    public static final String INVALID_UTF8 = "invalid_utf8";

    /** Published, but refused by Kafka for what the record is (larger than it takes). */
    public static final String REFUSED_BY_KAFKA = "refused_by_kafka";

    @Override
    public String toString() {
        return "line " + line + ": " + detail;
    }
}
