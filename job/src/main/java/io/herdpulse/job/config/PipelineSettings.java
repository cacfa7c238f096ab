package io.herdpulse.job.config;

import java.time.Duration;

/**
 * The event-time behaviour of the pipeline.
 *
 * @param window the length of the tumbling windows, aligned to the epoch
 * @param outOfOrderness how far behind the newest reading of a partition a reading may arrive and
 *     still be on time
 * @param allowedLateness how long after its window closed a reading still updates the window's
 *     rows; later ones are rejected as LATE
 * @param watermarkInterval how often the source emits its watermark (Flink's {@code
 *     pipeline.auto-watermark-interval}): a reading held for the watermark waits up to this long
 *     after the watermark could have passed it
 * @param idleness after how long without data a partition stops holding back the watermark
 * @param wakeHold how long a partition that gets readings again after being idle holds the
 *     watermark at its first new reading, so that partitions waking with it are not overtaken
 * @param maxPartitionDrift how far (event time) a partition's watermark may run ahead of the
 *     slowest partition's before it is paused: reading a backlog, the partitions would otherwise
 *     drift hours apart and every reading of the faster ones wait in state for the slowest
 * @param dedupHorizon how long (event time) after its window was dropped a reading's id is still
 *     recognised: a copy within it is DUPLICATE, a later one LATE
 * @param maxFuture how far ahead of the job's clock a timestamp may be
 * @param feverThresholdC the rumen temperature from which an animal counts in {@code
 *     animals_with_fever}
 */
public record PipelineSettings(
        Duration window,
        Duration outOfOrderness,
        Duration allowedLateness,
        Duration watermarkInterval,
        Duration idleness,
        Duration wakeHold,
        Duration maxPartitionDrift,
        Duration dedupHorizon,
        Duration maxFuture,
        double feverThresholdC) {}
