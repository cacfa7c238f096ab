package io.herdpulse.bench.throughput;

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
import io.herdpulse.bench.tools.KafkaTools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Suite 1: how fast the job works through a pre-loaded topic (the realistic mix of {@link
 * DataSet}), beside three baselines on the same topic and the same stack: Kafka's
 * ConsumerPerformance (reading alone), the job with its sinks discarded (everything but the
 * database) and the Flink SQL version of the job (the same windows into PostgreSQL). Every Flink
 * run is a bounded run from the earliest offset, timed by Flink from submission to FINISHED; the
 * rows it wrote are then counted against the data set, so a fast run that lost readings fails.
 */
public final class ThroughputSuite {
    private static final String SQL_JOB = "io.herdpulse.job.SqlBaselineJob";

    enum Variant {
        JOB("job"),
        CONSUMER("ConsumerPerformance"),
        DISCARDING("job, sinks discarded"),
        SQL("Flink SQL job");

        final String label;

        Variant(String label) {
            this.label = label;
        }
    }

    private record Run(Duration window, Variant variant, double seconds, Counts counts) {}

    private final BenchStack stack;
    private final BenchSizes sizes;
    private final Progress progress;
    private final Path logs;

    public ThroughputSuite(BenchStack stack, BenchSizes sizes, Progress progress, Path logs) {
        this.stack = stack;
        this.sizes = sizes;
        this.progress = progress;
        this.logs = logs;
    }

    public SuiteResult run() {
        String topic = stack.topic("bench-throughput", Map.of());
        progress.step(
                "throughput: loading %s with %d animals x %d readings, ~1 %% bad, ~1 %% duplicates",
                topic, sizes.throughputAnimals(), sizes.throughputIntervals());
        DataSet data =
                new TopicLoader(stack.bootstrapServers())
                        .load(topic, sizes.throughputAnimals(), sizes.throughputIntervals());
        progress.step(
                "throughput: %d records (%d valid readings, %d bad, %d duplicates)",
                data.records(), data.readings(), data.badMessages(), data.duplicates());

        KafkaTools.Consumed consumed =
                new KafkaTools(stack.distribution(), stack.bootstrapServers())
                        .consume(
                                topic,
                                data.records(),
                                "bench-consumer-performance",
                                logs.resolve("consumer-performance.log"));
        Counts.require("ConsumerPerformance records", data.records(), consumed.records());
        double consumerSeconds = consumed.records() / consumed.recordsPerSecond();
        progress.step(
                "throughput: ConsumerPerformance %.0f records/s", consumed.recordsPerSecond());

        List<Run> runs = new ArrayList<>();
        List<Variant> order =
                new ArrayList<>(
                        sizes.throughputJobsOnly()
                                ? List.of(Variant.JOB)
                                : List.of(Variant.JOB, Variant.DISCARDING, Variant.SQL));
        for (Duration window : sizes.throughputWindows()) {
            runs.add(new Run(window, Variant.CONSUMER, consumerSeconds, Counts.none()));
            for (Variant variant : order) {
                runs.add(flinkRun(data, window, variant));
            }
            // The order turns from window to window, so no variant always runs first.
            Collections.reverse(order);
        }
        return result(data, runs);
    }

    private Run flinkRun(DataSet data, Duration window, Variant variant) {
        String name = "bench_" + variant.name().toLowerCase(Locale.ROOT) + "_" + window.toMinutes();
        FlinkJobs jobs = stack.jobs();
        Duration timeout = Duration.ofSeconds(Math.max(180, data.records() / 1_000));
        try (BenchDatabase database = new BenchDatabase(stack, name)) {
            List<String> extra =
                    variant == Variant.DISCARDING ? List.of("--discard-sinks") : List.of();
            String id =
                    jobs.submit(
                            variant == Variant.SQL ? Optional.of(SQL_JOB) : Optional.empty(),
                            JobArguments.of(data.topic(), database.url(), window, true, extra));
            progress.step("throughput: %s, window %s: job %s submitted", variant.label, window, id);
            FlinkJobs.Ended ended = jobs.awaitFinished(id, timeout, () -> {});
            Counts counts =
                    variant == Variant.DISCARDING
                            ? Counts.none()
                            : Counts.of(database, data, window, variant == Variant.JOB);
            double seconds = ended.duration().toMillis() / 1000.0;
            progress.step(
                    "throughput: %s, window %s: %.1f s, %.0f records/s; %s",
                    variant.label, window, seconds, data.records() / seconds, counts);
            return new Run(window, variant, seconds, counts);
        }
    }

    private SuiteResult result(DataSet data, List<Run> runs) {
        List<List<Object>> rows = new ArrayList<>();
        List<SuiteResult.Bar> bars = new ArrayList<>();
        List<String> headline = new ArrayList<>();
        for (Duration window : sizes.throughputWindows()) {
            double job = rate(data, runs, window, Variant.JOB);
            StringBuilder ratios =
                    new StringBuilder(
                            "window " + window + ": job " + Math.round(job) + " records/s;");
            for (Run run : runs) {
                if (!run.window().equals(window)) {
                    continue;
                }
                double rate = data.records() / run.seconds();
                double ratio = job / rate;
                rows.add(
                        Arrays.asList(
                                window.toString(),
                                run.variant().label,
                                data.records(),
                                round(run.seconds(), 2),
                                round(rate, 0),
                                round(ratio, 3),
                                run.counts().readingsInStats(),
                                run.counts().animalRows(),
                                run.counts().rejectedRows()));
                bars.add(new SuiteResult.Bar(run.variant().label, window.toString(), rate));
                if (run.variant() != Variant.JOB) {
                    ratios.append(
                            String.format(
                                    Locale.ROOT, " job / %s %.3f;", run.variant().label, ratio));
                }
            }
            headline.add(ratios.toString());
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("topic", data.topic());
        facts.put("animals", data.animals());
        facts.put("farms", data.farms());
        facts.put("readingsPerAnimal", data.intervals());
        facts.put("readingInterval", DataSet.INTERVAL.toString());
        facts.put("start", data.start().toString());
        facts.put("validReadings", data.readings());
        facts.put("badMessages", data.badMessages());
        facts.put("duplicates", data.duplicates());
        facts.put("records", data.records());
        return new SuiteResult(
                "throughput",
                "Throughput on a pre-loaded topic (records/s, higher is better)",
                facts,
                List.of(
                        "window",
                        "variant",
                        "records",
                        "seconds",
                        "records_per_s",
                        "ratio_job_to_this",
                        "readings_in_animal_stats",
                        "animal_rows",
                        "rejected_rows"),
                rows,
                new SuiteResult.Chart("records/s", bars),
                headline);
    }

    private static double rate(DataSet data, List<Run> runs, Duration window, Variant variant) {
        return runs.stream()
                .filter(run -> run.window().equals(window) && run.variant() == variant)
                .mapToDouble(run -> data.records() / run.seconds())
                .findFirst()
                .orElseThrow();
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
