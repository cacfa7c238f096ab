package io.herdpulse.job.validation;

import io.herdpulse.job.ingest.KafkaPosition;
import io.herdpulse.job.ingest.SourcedReading;
import io.herdpulse.model.validation.RejectReason;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One row of {@code rejected_readings}.
 *
 * @param payload the record's value exactly as read (empty for a record without a value)
 * @param detail what is wrong, naming the field
 * @param receivedAt the job's clock when the record was rejected
 */
public record Rejected(
        KafkaPosition position,
        RejectReason reason,
        String detail,
        byte[] payload,
        Instant receivedAt) {

    /** Rejects a reading that passed validation but was then found a duplicate or late. */
    public static Rejected of(
            SourcedReading reading, RejectReason reason, String detail, Instant receivedAt) {
        return new Rejected(reading.position(), reason, detail, reading.payload(), receivedAt);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Rejected that
                && position.equals(that.position)
                && reason == that.reason
                && detail.equals(that.detail)
                && Arrays.equals(payload, that.payload)
                && receivedAt.equals(that.receivedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(position, reason, detail, Arrays.hashCode(payload), receivedAt);
    }

    @Override
    public String toString() {
        return "Rejected[position=%s, reason=%s, detail=%s, payload=%d bytes, receivedAt=%s]"
                .formatted(position, reason, detail, payload.length, receivedAt);
    }
}
