package io.herdpulse.job.config;

/**
 * How the job reads {@code cow-health-data}.
 *
 * @param bounded read up to the end offsets the topic has when the job starts, then finish (a
 *     backfill), instead of running forever
 */
public record KafkaSettings(
        String bootstrapServers,
        String topic,
        String groupId,
        StartingOffsets startingOffsets,
        boolean bounded) {}
