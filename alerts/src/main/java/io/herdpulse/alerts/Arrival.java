package io.herdpulse.alerts;

import io.herdpulse.model.Reading;

/**
 * A reading as it reaches the alert rules, with the watermark its Kafka partition had reached just
 * before it: the newest event time read from that partition so far less the out-of-orderness (the
 * job's {@code PartitionWatermarks}), {@link Long#MIN_VALUE} when there is none.
 *
 * <p>That stamp depends only on the partition's earlier readings, so it is the same in every run of
 * the same data, restored or not, and never behind Flink's watermark, which is the smallest over
 * the partitions and after a restore starts again from nothing. {@link EventTimeOrder} puts an
 * animal's readings in order by it.
 */
public record Arrival(Reading reading, long partitionWatermark) {

    /** A reading whose partition's watermark is not known: only Flink's watermark orders it. */
    public static Arrival unstamped(Reading reading) {
        return new Arrival(reading, Long.MIN_VALUE);
    }

    public String animalId() {
        return reading.animalId();
    }
}
