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
 *
 * <p>With a baseline jar (another build's {@code herdpulse-job.jar}) the job of that build runs
 * beside this build's on the same topic and stack, and with more than one round every Flink variant
 * runs that many times, the order turning each round: a change is measured against its baseline in
 * one start of the stack, and the rates compared are each variant's median.
 */
public final class ThroughputSuite {
    private static final String SQL_JOB = "io.herdpulse.job.SqlBaselineJob";

    enum Variant {
        JOB("job"),
        BASELINE("job, baseline jar"),
        CONSUMER("ConsumerPerformance"),
        DISCARDING("job, sinks discarded"),
        SQL("Flink SQL job");

        final String label;

        Variant(String label) {
            this.label = label;
        }
    }

    private record Run(
            Duration window, Variant variant, int round, double seconds, Counts counts) {}

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
        List<Variant> order = new ArrayList<>(List.of(Variant.JOB));
        if (sizes.throughputBaselineJar().isPresent()) {
            order.add(Variant.BASELINE);
        }
        if (!sizes.throughputJobsOnly()) {
            order.addAll(List.of(Variant.DISCARDING, Variant.SQL));
        }
        for (Duration window : sizes.throughputWindows()) {
            runs.add(new Run(window, Variant.CONSUMER, 1, consumerSeconds, Counts.none()));
            for (int round = 1; round <= sizes.throughputRounds(); round++) {
                for (Variant variant : order) {
                    runs.add(flinkRun(data, window, variant, round));
                }
                // The order turns from round to round and window to window, so no variant
                // always runs first.
                Collections.reverse(order);
            }
        }
        return result(data, runs);
    }

    private Run flinkRun(DataSet data, Duration window, Variant variant, int round) {
        String name =
                "bench_"
                        + variant.name().toLowerCase(Locale.ROOT)
                        + "_"
                        + window.toMinutes()
                        + (round > 1 ? "_" + round : "");
        FlinkJobs jobs = stack.jobs();
        Duration timeout = Duration.ofSeconds(Math.max(180, data.records() / 1_000));
        try (BenchDatabase database = new BenchDatabase(stack, name)) {
            List<String> extra =
                    variant == Variant.DISCARDING ? List.of("--discard-sinks") : List.of();
            List<String> arguments =
                    JobArguments.of(data.topic(), database.url(), window, true, extra);
            String id =
                    variant == Variant.BASELINE
                            ? jobs.submit(
                                    sizes.throughputBaselineJar().orElseThrow(),
                                    Optional.empty(),
                                    arguments)
                            : jobs.submit(
                                    variant == Variant.SQL
                                            ? Optional.of(SQL_JOB)
                                            : Optional.empty(),
                                    arguments);
            String label = label(variant, round);
            progress.step("throughput: %s, window %s: job %s submitted", label, window, id);
            FlinkJobs.Ended ended = jobs.awaitFinished(id, timeout, () -> {});
            Counts counts =
                    variant == Variant.DISCARDING
                            ? Counts.none()
                            : Counts.of(
                                    database,
                                    data,
                                    window,
                                    variant == Variant.JOB || variant == Variant.BASELINE);
            double seconds = ended.duration().toMillis() / 1000.0;
            progress.step(
                    "throughput: %s, window %s: %.1f s, %.0f records/s; %s",
                    label, window, seconds, data.records() / seconds, counts);
            return new Run(window, variant, round, seconds, counts);
        }
    }

    private String label(Variant variant, int round) {
        return sizes.throughputRounds() > 1 && variant != Variant.CONSUMER
                ? variant.label + ", round " + round
                : variant.label;
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
                                label(run.variant(), run.round()),
                                data.records(),
                                round(run.seconds(), 2),
                                round(rate, 0),
                                round(ratio, 3),
                                run.counts().readingsInStats(),
                                run.counts().animalRows(),
                                run.counts().rejectedRows()));
                bars.add(
                        new SuiteResult.Bar(
                                label(run.variant(), run.round()), window.toString(), rate));
            }
            for (Variant variant : Variant.values()) {
                if (variant != Variant.JOB
                        && runs.stream()
                                .anyMatch(
                                        run ->
                                                run.window().equals(window)
                                                        && run.variant() == variant)) {
                    ratios.append(
                            String.format(
                                    Locale.ROOT,
                                    " job / %s %.3f;",
                                    variant.label,
                                    job / rate(data, runs, window, variant)));
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
        facts.put("rounds", sizes.throughputRounds());
        sizes.throughputBaselineJar().ifPresent(jar -> facts.put("baselineJar", jar.toString()));
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

    /** The variant's median rate over its rounds (of two, the mean). */
    private static double rate(DataSet data, List<Run> runs, Duration window, Variant variant) {
        double[] rates =
                runs.stream()
                        .filter(run -> run.window().equals(window) && run.variant() == variant)
                        .mapToDouble(run -> data.records() / run.seconds())
                        .sorted()
                        .toArray();
        int middle = rates.length / 2;
        return rates.length % 2 == 1 ? rates[middle] : (rates[middle - 1] + rates[middle]) / 2;
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
