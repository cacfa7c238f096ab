package io.herdpulse.job.ingest;

import io.herdpulse.model.Reading;
import java.util.Arrays;
import java.util.Objects;

/**
 * A valid reading together with where it was read and its bytes exactly as read, so that a later
 * step that rejects it (as a duplicate, or late) can still write the original record to {@code
 * rejected_readings}.
 */
public record SourcedReading(KafkaPosition position, byte[] payload, Reading reading) {

    @Override
    public boolean equals(Object other) {
        return other instanceof SourcedReading that
                && position.equals(that.position)
                && Arrays.equals(payload, that.payload)
                && reading.equals(that.reading);
    }

    @Override
    public int hashCode() {
        return Objects.hash(position, Arrays.hashCode(payload), reading);
    }

    @Override
    public String toString() {
        return "SourcedReading[position=%s, payload=%d bytes, reading=%s]"
                .formatted(position, payload.length, reading);
    }
}
