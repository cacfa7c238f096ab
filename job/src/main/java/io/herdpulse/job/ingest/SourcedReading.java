package io.herdpulse.job.ingest;

import io.herdpulse.model.Reading;
import java.util.Arrays;
import java.util.Objects;

/**
 * A valid reading together with where it was read and its bytes exactly as read, so that a later
 * step that rejects it (as a duplicate, or late) can still write the original record to {@code
 * rejected_readings}.
 *
 * @param appendedMillis when the broker appended the record, on a topic whose broker stamps its
 *     records ({@code message.timestamp.type=LogAppendTime}, the stack's); {@link #NOT_STAMPED} on
 *     any other, where a record's time is only its producer's word
 */
public record SourcedReading(
        KafkaPosition position, byte[] payload, Reading reading, long appendedMillis) {
    /** The {@code appendedMillis} of a record its broker did not stamp. */
    public static final long NOT_STAMPED = Long.MAX_VALUE;

    /**
     * How far this reading moves its partition's watermark: its event time, but no further than
     * when the broker took it. A bolus whose clock runs minutes fast (by less than the 5 minutes
     * {@code FUTURE_TIMESTAMP} allows) carried its partition's watermark minutes ahead of the herd,
     * and every other cow's reading on that partition was LATE (found by review, 2026-12-05).
     * Readings replayed from history were appended after they were taken, so their time counts.
     */
    public long watermarkTimeMillis() {
        return Math.min(reading.timestamp().toEpochMilli(), appendedMillis);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SourcedReading that
                && position.equals(that.position)
                && Arrays.equals(payload, that.payload)
                && reading.equals(that.reading)
                && appendedMillis == that.appendedMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(position, Arrays.hashCode(payload), reading, appendedMillis);
    }

    @Override
    public String toString() {
        return "SourcedReading[position=%s, payload=%d bytes, reading=%s, appendedMillis=%d]"
                .formatted(position, payload.length, reading, appendedMillis);
    }
}
