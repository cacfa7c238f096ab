package io.herdpulse.job.admit;

import io.herdpulse.alerts.Arrival;
import io.herdpulse.model.Reading;

/**
 * A valid reading seen for the first time (within the de-duplication horizon), without its Kafka
 * position and bytes, which only a rejection needs.
 *
 * @param late too late for its window: already rejected as LATE, so the windows leave it out, but
 *     the alert rules, which work on single readings, still see it
 * @param partitionWatermark its Kafka partition's watermark just before it ({@link
 *     PartitionWatermarks}), by which the alert rules put the animal's readings in order
 */
public record Admitted(Reading reading, boolean late, long partitionWatermark) {

    public boolean onTime() {
        return !late;
    }

    public Arrival arrival() {
        return new Arrival(reading, partitionWatermark);
    }
}
