package io.herdpulse.bench.producer;

import io.herdpulse.bench.BenchSizes;
import io.herdpulse.bench.Progress;
import io.herdpulse.bench.report.SuiteResult;
import io.herdpulse.bench.stack.BenchStack;
import io.herdpulse.producer.benchmark.ProducerComparison;
import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.StackException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Suite 4: the producer beside Kafka's own ProducerPerformance ({@link ProducerComparison}, as the
 * producer's own benchmark runs it) on the stack's broker, in alternating rounds, each into topics
 * of its own that are deleted after the round.
 */
public final class ProducerSuite {
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
        ProducerComparison comparison =
                new ProducerComparison(
                        new ProducerComparison.Tools(
                                Distribution.java(),
                                Distribution.classpathOf(distribution.kafkaLibs()),
                                Distribution.require(distribution.producerJar())),
                        stack.bootstrapServers(),
                        logs);
        List<List<Object>> rows = new ArrayList<>();
        List<SuiteResult.Bar> bars = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        try {
            for (int round = 1; round <= sizes.producerRounds(); round++) {
                String kafkaTopic = stack.topic("bench-perf-kafka-" + round, Map.of());
                String ourTopic = stack.topic("bench-perf-herdpulse-" + round, Map.of());
                ProducerComparison.Round result;
                try {
                    result = comparison.round(kafkaTopic, ourTopic, records, logs, round);
                } catch (IllegalStateException failure) {
                    throw new StackException("producer: " + failure.getMessage(), failure);
                } finally {
                    stack.deleteTopic(kafkaTopic);
                    stack.deleteTopic(ourTopic);
                }
                ratios.add(result.ratio());
                progress.step(
                        "producer: round %d: ProducerPerformance %.0f records/s, herdpulse-producer"
                                + " %.0f records/s, ratio %.2f",
                        round,
                        result.producerPerformance(),
                        result.herdpulseProducer(),
                        result.ratio());
                rows.add(
                        List.of(
                                round,
                                records,
                                Math.round(result.producerPerformance()),
                                Math.round(result.herdpulseProducer()),
                                Math.round(result.ratio() * 100) / 100.0));
                bars.add(
                        new SuiteResult.Bar(
                                "ProducerPerformance",
                                "round " + round,
                                result.producerPerformance()));
                bars.add(
                        new SuiteResult.Bar(
                                "herdpulse-producer",
                                "round " + round,
                                result.herdpulseProducer()));
            }
        } finally {
            delete(logs.resolve("producer-payloads.jsonl"));
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("recordsPerRound", records);
        facts.put("payloads", ProducerComparison.PAYLOADS);
        facts.put("producerSettings", comparison.settings().toString());
        facts.put("heap", ProducerComparison.HEAP);
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
                                ProducerComparison.median(ratios))));
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
