package io.herdpulse.job.ingest;

/** Where a record was read: the key of {@code rejected_readings}. */
public record KafkaPosition(String topic, int partition, long offset) {
    public KafkaPartition kafkaPartition() {
        return new KafkaPartition(topic, partition);
    }
}
