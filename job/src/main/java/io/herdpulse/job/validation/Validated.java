package io.herdpulse.job.validation;

import io.herdpulse.job.ingest.SourcedReading;

/**
 * What the source emits for every Kafka record: exactly one of a valid reading or its rejection.
 * Validation happens in the source so that watermarks come from valid readings only, per partition:
 * a garbage timestamp can never move event time.
 */
public record Validated(SourcedReading valid, Rejected rejected) {

    public static Validated valid(SourcedReading reading) {
        return new Validated(reading, null);
    }

    public static Validated rejected(Rejected rejected) {
        return new Validated(null, rejected);
    }

    /** The event time of a valid reading; the smallest time for a rejection, so none moves time. */
    public long eventTimeMillis() {
        return valid == null ? Long.MIN_VALUE : valid.reading().timestamp().toEpochMilli();
    }

    /** How far it moves its partition's watermark ({@link SourcedReading#watermarkTimeMillis}). */
    public long watermarkTimeMillis() {
        return valid == null ? Long.MIN_VALUE : valid.watermarkTimeMillis();
    }
}
