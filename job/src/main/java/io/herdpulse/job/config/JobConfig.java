package io.herdpulse.job.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Everything the job is configured with, parsed once from the command line by {@link
 * JobCommandLine}.
 *
 * @param checkpointDirectory where checkpoints go; empty to use the cluster's configuration
 */
public record JobConfig(
        KafkaSettings kafka,
        DatabaseSettings database,
        PipelineSettings pipeline,
        Duration checkpointInterval,
        Optional<String> checkpointDirectory) {}
