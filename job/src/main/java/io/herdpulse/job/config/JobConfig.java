package io.herdpulse.job.config;

import io.herdpulse.alerts.AlertThresholds;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the job is configured with, parsed once from the command line by {@link
 * JobCommandLine}.
 *
 * @param alerts the alert rules' thresholds
 * @param checkpointDirectory where checkpoints go; empty to use the cluster's configuration
 */
public record JobConfig(
        KafkaSettings kafka,
        DatabaseSettings database,
        PipelineSettings pipeline,
        AlertThresholds alerts,
        Duration checkpointInterval,
        Optional<String> checkpointDirectory) {}
