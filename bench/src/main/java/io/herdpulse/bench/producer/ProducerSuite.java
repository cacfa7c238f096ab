package io.herdpulse.bench.producer;

import io.herdpulse.bench.BenchSizes;
import io.herdpulse.bench.Progress;
import io.herdpulse.bench.data.Herds;
import io.herdpulse.bench.report.SuiteResult;
import io.herdpulse.bench.stack.BenchStack;
import io.herdpulse.bench.tools.KafkaTools;
import io.herdpulse.bench.tools.ToolRun;
import io.herdpulse.model.ReadingJson;
import io.herdpulse.producer.kafka.publish.KafkaSettings;
import io.herdpulse.producer.simulate.HerdSimulator;
import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.StackException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Suite 4: the producer ({@code herdpulse-producer.jar simulate}) beside Kafka's own
 * ProducerPerformance on the stack's broker: the same record count, the same payloads (JSON
 * readings of the simulator), the same producer settings and the same JVM heap, each in a JVM of
 * its own, in alternating rounds. The records sent are checked against what each tool reports.
 */
public final class ProducerSuite {
    private static final Pattern OURS =
            Pattern.compile("(\\d+) records acknowledged of \\d+ sent.*\\(([0-9.]+) records/s\\)");
    private static final Pattern KAFKA =
            Pattern.compile("(\\d+) records sent, ([0-9.]+) records/sec");
    private static final int ANIMALS = 1000;
    private static final int PAYLOADS = 10_000;

    private final BenchStack stack;
    private final BenchSizes sizes;
    private final Progress progress;
    private final Path logs;

    public ProducerSuite(BenchStack stack, BenchSizes sizes, Progress progress, Path logs) {
        this.stack = stack;
        this.sizes = sizes;
        this.progress = progress;
        this.logs = logs;
    }

    public SuiteResult run() {
        long records = sizes.producerRecords();
        Distribution distribution = stack.distribution();
        Path payloads = payloadFile(logs.resolve("producer-payloads.jsonl"));
        Map<String, Object> settings =
                new KafkaSettings(
                                stack.bootstrapServers(),
                                "",
                                "benchmark",
                                Duration.ofMinutes(2),
                                Duration.ofSeconds(15))
                        .tuning();
        // Far enough back that the whole run is history: nothing waits for the clock.
        Duration history = Duration.ofMinutes(10 * (records / ANIMALS + 10));
        List<List<Object>> rows = new ArrayList<>();
        List<SuiteResult.Bar> bars = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        try {
            for (int round = 1; round <= sizes.producerRounds(); round++) {
                String kafkaTopic = stack.topic("bench-perf-kafka-" + round, Map.of());
                String ourTopic = stack.topic("bench-perf-herdpulse-" + round, Map.of());
                List<String> perf =
                        new ArrayList<>(
                                List.of(
                                        Distribution.java(),
                                        KafkaTools.HEAP,
                                        "-cp",
                                        Distribution.classpathOf(distribution.kafkaLibs()),
                                        "org.apache.kafka.tools.ProducerPerformance",
                                        "--topic",
                                        kafkaTopic,
                                        "--num-records",
                                        Long.toString(records),
                                        "--throughput",
                                        "-1",
                                        "--payload-file",
                                        payloads.toString(),
                                        "--producer-props",
                                        "bootstrap.servers=" + stack.bootstrapServers()));
                settings.forEach((key, value) -> perf.add(key + "=" + value));
                double kafka =
                        sentAndRate(
                                KAFKA,
                                ToolRun.run(
                                        "ProducerPerformance",
                                        perf,
                                        logs.resolve("producer-performance-" + round + ".log"),
                                        Duration.ofMinutes(5)),
                                records);
                double ours =
                        sentAndRate(
                                OURS,
                                ToolRun.run(
                                        "herdpulse-producer",
                                        simulate(distribution, ourTopic, history, records),
                                        logs.resolve("herdpulse-producer-" + round + ".log"),
                                        Duration.ofMinutes(5)),
                                records);
                stack.deleteTopic(kafkaTopic);
                stack.deleteTopic(ourTopic);
                double ratio = ours / kafka;
                ratios.add(ratio);
                progress.step(
                        "producer: round %d: ProducerPerformance %.0f records/s, herdpulse-producer"
                                + " %.0f records/s, ratio %.2f",
                        round, kafka, ours, ratio);
                rows.add(
                        List.of(round, records, Math.round(kafka), Math.round(ours), round(ratio)));
                bars.add(new SuiteResult.Bar("ProducerPerformance", "round " + round, kafka));
                bars.add(new SuiteResult.Bar("herdpulse-producer", "round " + round, ours));
            }
        } finally {
            delete(payloads);
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("recordsPerRound", records);
        facts.put("payloads", PAYLOADS);
        facts.put("producerSettings", settings.toString());
        facts.put("heap", KafkaTools.HEAP);
        return new SuiteResult(
                "producer",
                "Producer against Kafka's ProducerPerformance (records/s, higher is better)",
                facts,
                List.of(
                        "round",
                        "records",
                        "producer_performance_per_s",
                        "herdpulse_producer_per_s",
                        "ratio"),
                rows,
                new SuiteResult.Chart("records/s", bars),
                List.of(
                        String.format(
                                Locale.ROOT,
                                "herdpulse-producer / ProducerPerformance: median ratio %.2f",
                                median(ratios))));
    }

    private List<String> simulate(
            Distribution distribution, String topic, Duration history, long records) {
        return List.of(
                Distribution.java(),
                KafkaTools.HEAP,
                "-jar",
                Distribution.require(distribution.producerJar()).toString(),
                "simulate",
                "--bootstrap-servers",
                stack.bootstrapServers(),
                "--topic",
                topic,
                "--metrics-port",
                "0",
                "--farms",
                "1",
                "--animals",
                Integer.toString(ANIMALS),
                "--start",
                Instant.now().minus(history).toString(),
                "--incidence",
                "0",
                "--seed",
                "1",
                "--count",
                Long.toString(records));
    }

    /** The rate a tool reported, after checking it sent every record. */
    private static double sentAndRate(Pattern pattern, String output, long records) {
        Matcher matcher = pattern.matcher(output);
        Long sent = null;
        Double rate = null;
        while (matcher.find()) {
            sent = Long.parseLong(matcher.group(1));
            rate = Double.parseDouble(matcher.group(2));
        }
        if (rate == null) {
            throw new StackException("no result in:\n" + output);
        }
        if (sent != records) {
            throw new StackException(sent + " records sent, not " + records + ":\n" + output);
        }
        return rate;
    }

    /** Readings of the same simulated herd, one JSON document a line, for ProducerPerformance. */
    private static Path payloadFile(Path file) {
        HerdSimulator simulator =
                Herds.simulator(
                        ANIMALS, Duration.ofMinutes(10), Instant.parse("2026-01-01T00:00:00Z"));
        try {
            Files.createDirectories(file.getParent());
            try (BufferedWriter out = Files.newBufferedWriter(file)) {
                for (int i = 0; i < PAYLOADS; i++) {
                    out.write(
                            new String(
                                    ReadingJson.toJson(simulator.next()), StandardCharsets.UTF_8));
                    out.newLine();
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1
                ? sorted.get(middle)
                : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
