package io.herdpulse.job.ingest;

/** A partition of a Kafka topic. */
public record KafkaPartition(String topic, int partition) {}
