package io.herdpulse.job.admit;

import io.herdpulse.job.ingest.SourcedReading;

/**
 * A valid reading with the watermark its Kafka partition had reached just before it (see {@link
 * PartitionWatermarks}): what {@link AdmitReadings} decides its lateness by.
 */
public record StampedReading(SourcedReading sourced, long partitionWatermark) {

    public String animalId() {
        return sourced.reading().animalId();
    }
}
