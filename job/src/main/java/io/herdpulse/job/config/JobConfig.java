package io.herdpulse.job.config;

import io.herdpulse.alerts.AlertThresholds;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the job is configured with, parsed once from the command line by {@link
 * JobCommandLine}.
 *
 * @param jobName the Flink job's name
 * @param alerts the alert rules' thresholds
 * @param checkpointDirectory where checkpoints go; empty to use the cluster's configuration
 * @param discardSinks whether rows are dropped instead of written (a benchmark's baseline: the job
 *     without its database)
 */
public record JobConfig(
        String jobName,
        KafkaSettings kafka,
        DatabaseSettings database,
        PipelineSettings pipeline,
        AlertThresholds alerts,
        Duration checkpointInterval,
        Optional<String> checkpointDirectory,
        boolean discardSinks) {}
