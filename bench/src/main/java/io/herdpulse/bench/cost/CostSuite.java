package io.herdpulse.bench.cost;

import io.herdpulse.bench.BenchSizes;
import io.herdpulse.bench.Progress;
import io.herdpulse.bench.data.Counts;
import io.herdpulse.bench.data.DataSet;
import io.herdpulse.bench.data.TopicLoader;
import io.herdpulse.bench.report.SuiteResult;
import io.herdpulse.bench.stack.BenchDatabase;
import io.herdpulse.bench.stack.BenchStack;
import io.herdpulse.bench.stack.FlinkJobs;
import io.herdpulse.bench.stack.JobArguments;
import io.herdpulse.stack.StackException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Suite 3: what the herd's size costs. The same number of readings spread over ever more animals,
 * each run a bounded run of the job on the default window: throughput, the TaskManager's peak heap
 * (sampled from Flink's REST API every poll), the largest checkpoint's size and duration, and that
 * size per animal: the job's keyed state should grow with the animals, not the readings.
 */
public final class CostSuite {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final double MB = 1024 * 1024;
    private static final List<String> COLUMNS =
            List.of(
                    "animals",
                    "records",
                    "seconds",
                    "records_per_s",
                    "heap_peak_mb",
                    "heap_max_mb",
                    "checkpoint_bytes",
                    "checkpoint_ms",
                    "state_bytes_per_animal",
                    "note");

    private final BenchStack stack;
    private final BenchSizes sizes;
    private final Progress progress;

    public CostSuite(BenchStack stack, BenchSizes sizes, Progress progress) {
        this.stack = stack;
        this.sizes = sizes;
        this.progress = progress;
    }

    public SuiteResult run() {
        List<List<Object>> rows = new ArrayList<>();
        List<SuiteResult.Bar> bars = new ArrayList<>();
        List<String> headline = new ArrayList<>();
        Double firstRate = null;
        for (int animals : sizes.costAnimals()) {
            List<Object> row;
            try {
                row = point(animals);
            } catch (StackException failure) {
                // A herd too big for the TaskManager is a finding, not the end of the suite.
                progress.step("cost: %,d animals: FAILED: %s", animals, failure.getMessage());
                row = new ArrayList<>(Collections.nCopies(COLUMNS.size(), null));
                row.set(0, animals);
                row.set(COLUMNS.size() - 1, "failed: " + failure.getMessage());
                rows.add(row);
                headline.add(
                        String.format(
                                Locale.ROOT,
                                "%,d animals: failed (%s)",
                                animals,
                                failure.getMessage()));
                continue;
            }
            rows.add(row);
            double rate = (double) row.get(3);
            firstRate = firstRate == null ? rate : firstRate;
            bars.add(
                    new SuiteResult.Bar(
                            "records/s", String.format(Locale.ROOT, "%,d animals", animals), rate));
            headline.add(
                    String.format(
                            Locale.ROOT,
                            "%,d animals: %.0f records/s (%.2f of the smallest herd's), peak heap %.0f MB,"
                                    + " %s bytes of checkpointed state per animal",
                            animals,
                            rate,
                            rate / firstRate,
                            row.get(4),
                            row.get(8) == null
                                    ? "-"
                                    : String.format(Locale.ROOT, "%.0f", row.get(8))));
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("readingsPerRun", sizes.costReadings());
        facts.put("window", WINDOW.toString());
        facts.put("readingInterval", DataSet.INTERVAL.toString());
        return new SuiteResult(
                "cost",
                "Cost growth with the herd (records/s at the same number of readings)",
                facts,
                COLUMNS,
                rows,
                new SuiteResult.Chart("records/s", bars),
                headline);
    }

    private List<Object> point(int animals) {
        int intervals = Math.max(1, sizes.costReadings() / animals);
        String topic = stack.topic("bench-cost-" + animals, Map.of());
        progress.step("cost: loading %s with %,d animals x %d readings", topic, animals, intervals);
        DataSet data = new TopicLoader(stack.bootstrapServers()).load(topic, animals, intervals);
        FlinkJobs jobs = stack.jobs();
        try (BenchDatabase database = new BenchDatabase(stack, "bench_cost_" + animals)) {
            String id =
                    jobs.submit(
                            Optional.empty(),
                            JobArguments.of(topic, database.url(), WINDOW, true, List.of()));
            progress.step("cost: %,d animals: job %s submitted", animals, id);
            AtomicLong peakHeap = new AtomicLong();
            FlinkJobs.Ended ended =
                    jobs.awaitFinished(
                            id,
                            Duration.ofSeconds(Math.max(180, data.records() / 1_000)),
                            () ->
                                    jobs.taskManagerHeapUsed()
                                            .ifPresent(
                                                    used ->
                                                            peakHeap.accumulateAndGet(
                                                                    used, Math::max)));
            Counts counts = Counts.of(database, data, WINDOW, true);
            double seconds = ended.duration().toMillis() / 1000.0;
            Optional<FlinkJobs.Checkpoint> checkpoint = jobs.largestCheckpoint(id);
            double heapMax = jobs.taskManagerHeapMax().orElse(0L) / MB;
            progress.step(
                    "cost: %,d animals: %.1f s, %.0f records/s, peak heap %.0f MB, largest"
                            + " checkpoint %s; %s",
                    animals,
                    seconds,
                    data.records() / seconds,
                    peakHeap.get() / MB,
                    checkpoint
                            .map(
                                    c ->
                                            c.stateBytes()
                                                    + " bytes in "
                                                    + c.duration().toMillis()
                                                    + " ms")
                            .orElse("none completed"),
                    counts);
            List<Object> row = new ArrayList<>();
            row.add(animals);
            row.add(data.records());
            row.add(round(seconds, 2));
            row.add(round(data.records() / seconds, 0));
            row.add(round(peakHeap.get() / MB, 0));
            row.add(round(heapMax, 0));
            row.add(checkpoint.map(FlinkJobs.Checkpoint::stateBytes).orElse(null));
            row.add(checkpoint.map(c -> c.duration().toMillis()).orElse(null));
            row.add(checkpoint.map(c -> round((double) c.stateBytes() / animals, 0)).orElse(null));
            row.add(null);
            return row;
        } finally {
            stack.deleteTopic(topic);
        }
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
