package io.herdpulse.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How big each suite runs: every size of the benchmark, stated once for a full run and once for
 * {@code --quick} (which proves the harness and its counts in seconds, and measures nothing worth
 * quoting).
 *
 * @param throughputAnimals animals of the throughput data set (one reading each per 10 minutes)
 * @param throughputIntervals readings per animal in it (a multiple of 6: whole hours)
 * @param throughputWindows the windows the three Flink variants each run with
 * @param throughputJobsOnly true when only the job itself runs beside ConsumerPerformance (not the
 *     job with sinks discarded, nor the Flink SQL job)
 * @param throughputBaselineJar another build's job jar, run beside this build's job on the same
 *     topic and stack
 * @param throughputRounds how many times each Flink variant of the throughput suite runs per window
 * @param latencyAnimals animals reporting every second during the latency run: readings per second
 * @param latencyRun how long readings are sent in real time
 * @param latencyWindow the window of the latency run (rows close one window plus out-of-orderness
 *     after their readings)
 * @param costAnimals the herd sizes of the cost-growth suite
 * @param costReadings readings of each cost-growth data set (at least one per animal)
 * @param producerRecords records each producer sends per round
 * @param producerRounds alternating rounds of the producer suite
 */
public record BenchSizes(
        int throughputAnimals,
        int throughputIntervals,
        List<Duration> throughputWindows,
        boolean throughputJobsOnly,
        Optional<Path> throughputBaselineJar,
        int throughputRounds,
        int latencyAnimals,
        Duration latencyRun,
        Duration latencyWindow,
        List<Integer> costAnimals,
        int costReadings,
        long producerRecords,
        int producerRounds) {

    public static BenchSizes full() {
        return new BenchSizes(
                2_000,
                96,
                List.of(Duration.ofMinutes(1), Duration.ofHours(1)),
                false,
                Optional.empty(),
                1,
                10_000,
                Duration.ofSeconds(100),
                Duration.ofMinutes(1),
                List.of(10_000, 100_000, 1_000_000),
                1_000_000,
                1_000_000,
                3);
    }

    public static BenchSizes quick() {
        return new BenchSizes(
                100,
                12,
                // Hourly windows only: the row count that differs from the reading count.
                List.of(Duration.ofHours(1)),
                false,
                Optional.empty(),
                1,
                100,
                // 10 readings before the fevers, 3 to raise them, 10 s of out-of-orderness after.
                Duration.ofSeconds(28),
                Duration.ofSeconds(5),
                List.of(10, 1_000),
                1_200,
                20_000,
                1);
    }

    /**
     * These sizes with the throughput suite's data set and runs replaced (the options of {@code
     * bench}): {@code animals × intervals} readings, the given windows, and only the job beside
     * ConsumerPerformance when {@code jobsOnly}.
     */
    public BenchSizes withThroughput(
            int animals, int intervals, List<Duration> windows, boolean jobsOnly) {
        return new BenchSizes(
                animals,
                intervals,
                List.copyOf(windows),
                jobsOnly,
                throughputBaselineJar,
                throughputRounds,
                latencyAnimals,
                latencyRun,
                latencyWindow,
                costAnimals,
                costReadings,
                producerRecords,
                producerRounds);
    }

    /** These sizes with the throughput suite's baseline jar and rounds replaced. */
    public BenchSizes withThroughputBaseline(Optional<Path> baselineJar, int rounds) {
        return new BenchSizes(
                throughputAnimals,
                throughputIntervals,
                throughputWindows,
                throughputJobsOnly,
                baselineJar,
                rounds,
                latencyAnimals,
                latencyRun,
                latencyWindow,
                costAnimals,
                costReadings,
                producerRecords,
                producerRounds);
    }
}
