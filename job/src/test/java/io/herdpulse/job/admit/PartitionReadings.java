package io.herdpulse.job.admit;

import io.herdpulse.job.ingest.KafkaPosition;
import io.herdpulse.job.ingest.SourcedReading;
import io.herdpulse.model.Reading;
import java.time.Instant;

/** Valid readings as read from a partition: all that a partition's watermark depends on. */
final class PartitionReadings {
    private PartitionReadings() {}

    /** The reading at {@code offset} of {@code partition}, its id standing for the offset. */
    static SourcedReading at(int partition, long offset, long eventTime) {
        return appended(partition, offset, eventTime, SourcedReading.NOT_STAMPED);
    }

    /** The same, on a topic whose broker stamped it {@code appended}. */
    static SourcedReading appended(int partition, long offset, long eventTime, long appended) {
        return new SourcedReading(
                new KafkaPosition("t", partition, offset),
                new byte[0],
                new Reading(
                        1,
                        "00000000-0000-4000-8000-%012d".formatted(offset),
                        "farm",
                        "cow",
                        "bolus",
                        Instant.ofEpochMilli(eventTime),
                        38.5,
                        1,
                        1,
                        null,
                        null),
                appended);
    }
}
