package io.herdpulse.bench.stack;

import io.herdpulse.bench.Progress;
import io.herdpulse.bench.data.Counts;
import io.herdpulse.bench.data.DataSet;
import io.herdpulse.bench.data.TopicLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of the job that is not measured, before the first suite that times Flink jobs. The first
 * job on a fresh cluster runs while the TaskManager compiles Flink's own code, which every later
 * job shares: cold, a jar took 1.1 to 1.7 times its warm wall clock (docs/benchmarks.md), so the
 * variant or herd that ran first was measured cold.
 */
public final class ClusterWarmUp {
    private static final String NAME = "bench_warm_up";
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private ClusterWarmUp() {}

    /** Runs the job once over a data set of {@code animals} x {@code intervals}; rows checked. */
    public static void run(BenchStack stack, int animals, int intervals, Progress progress) {
        String topic = stack.topic("bench-warm-up", Map.of());
        DataSet data = new TopicLoader(stack.bootstrapServers()).load(topic, animals, intervals);
        try (BenchDatabase database = new BenchDatabase(stack, NAME)) {
            String id =
                    stack.jobs()
                            .submit(
                                    Optional.empty(),
                                    JobArguments.of(
                                            topic, database.url(), WINDOW, true, List.of()));
            progress.step(
                    "warm-up: the job over %d records, not measured: job %s submitted",
                    data.records(), id);
            stack.jobs().awaitFinished(id, TIMEOUT, () -> {});
            progress.step("warm-up: %s", Counts.of(database, data, WINDOW, true));
        }
    }
}
