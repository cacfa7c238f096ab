package io.herdpulse.producer.benchmark;

import io.herdpulse.model.ReadingJson;
import io.herdpulse.producer.kafka.publish.KafkaSettings;
import io.herdpulse.producer.simulate.HerdSimulator;
import io.herdpulse.producer.simulate.SimulationSettings;
import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.kafka.KafkaBroker;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The producer's throughput beside Kafka's own ProducerPerformance, on the same broker, with the
 * same record count, the same payloads (JSON readings of the simulator), the same producer settings
 * and the same JVM heap, each in a JVM of its own. Not a test: run it with
 *
 * <pre>mvn -B -pl producer -am verify -DskipTests -Pbenchmark</pre>
 *
 * ({@code -Dbenchmark.records=N} to change the record count, {@code -Dbenchmark.rounds=N} the
 * number of alternating rounds). It prints both rates and their ratio for every round, the ratio of
 * the best rounds and the median ratio of a round: the machine is shared, so single rounds are
 * noisy.
 */
public final class ProducerBenchmark {
    static final Pattern OURS = Pattern.compile("\\(([0-9.]+) records/s\\)");
    private static final Pattern KAFKA =
            Pattern.compile("(\\d+) records sent, ([0-9.]+) records/sec");
    static final int ANIMALS = 1000;
    static final int PARTITIONS = 3;
    static final String HEAP = "-Xmx512m";

    public static void main(String[] args) throws Exception {
        long records = Long.getLong("benchmark.records", 3_000_000);
        int rounds = Integer.getInteger("benchmark.rounds", 3);
        Distribution distribution = Distribution.locate();
        Path jar = Distribution.require(distribution.producerJar());
        Path dir = Files.createTempDirectory("herdpulse-benchmark");
        try (KafkaBroker broker = KafkaBroker.startForTests(dir.resolve("kafka"))) {
            Path payloads = payloadFile(dir.resolve("payloads.jsonl"));
            Map<String, Object> settings =
                    new KafkaSettings(
                                    broker.bootstrapServers(),
                                    "",
                                    "benchmark",
                                    Duration.ofMinutes(2),
                                    Duration.ofSeconds(15))
                            .tuning();
            List<Double> kafka = new ArrayList<>();
            List<Double> ours = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                String kafkaTopic = "perf-kafka-" + round;
                String ourTopic = "perf-herdpulse-" + round;
                broker.createTopic(kafkaTopic, PARTITIONS);
                broker.createTopic(ourTopic, PARTITIONS);

                List<String> perf =
                        new ArrayList<>(
                                List.of(
                                        Distribution.java(),
                                        HEAP,
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
                                        "bootstrap.servers=" + broker.bootstrapServers()));
                settings.forEach((key, value) -> perf.add(key + "=" + value));
                String perfOut = run(perf, dir.resolve("perf-" + round + ".log"));
                kafka.add(lastMatch(KAFKA, perfOut, 2));

                String ourOut =
                        run(
                                simulate(jar, broker.bootstrapServers(), ourTopic, records),
                                dir.resolve("herdpulse-" + round + ".log"));
                ours.add(lastMatch(OURS, ourOut, 1));
                ratios.add(ours.get(round - 1) / kafka.get(round - 1));
                System.out.printf(
                        Locale.ROOT,
                        "round %d: ProducerPerformance %.0f records/s, herdpulse-producer %.0f"
                                + " records/s, ratio %.2f%n",
                        round,
                        kafka.get(round - 1),
                        ours.get(round - 1),
                        ratios.get(round - 1));
            }
            double bestKafka = kafka.stream().max(Comparator.naturalOrder()).orElseThrow();
            double bestOurs = ours.stream().max(Comparator.naturalOrder()).orElseThrow();
            System.out.printf(
                    Locale.ROOT,
                    "%nbenchmark: %d records of %d bytes on average, %d partitions, producer settings %s%n"
                            + "  Kafka ProducerPerformance 4.3.1: %.0f records/s%n"
                            + "  herdpulse-producer simulate:     %.0f records/s%n"
                            + "  ratio of the best rounds: %.2f; median ratio within a round: %.2f"
                            + " (goal >= 0.8)%n",
                    records,
                    Files.size(payloads) / PAYLOADS,
                    PARTITIONS,
                    settings,
                    bestKafka,
                    bestOurs,
                    bestOurs / bestKafka,
                    median(ratios));
        } finally {
            deleteRecursively(dir); // the broker's log of every round: hundreds of megabytes
        }
    }

    /** {@code simulate} of the benchmark's herd: {@code records} readings as fast as it can. */
    static List<String> simulate(Path jar, String bootstrap, String topic, long records) {
        // Far enough back that the whole run is history: nothing waits for the clock.
        Duration history = Duration.ofMinutes(10 * (records / ANIMALS + 10));
        return List.of(
                Distribution.java(),
                HEAP,
                "-jar",
                jar.toString(),
                "simulate",
                "--bootstrap-servers",
                bootstrap,
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

    static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static final int PAYLOADS = 10_000;

    /** Readings of the same simulated herd, one JSON document a line, for ProducerPerformance. */
    private static Path payloadFile(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (String payload : payloads()) {
                out.write(payload);
                out.newLine();
            }
        }
        return file;
    }

    /** {@value #PAYLOADS} readings of the benchmark's herd as the contract's JSON. */
    static List<String> payloads() {
        SimulationSettings settings =
                SimulationSettings.resolve(
                        new SimulationSettings.Options(
                                1,
                                ANIMALS,
                                Duration.ofMinutes(10),
                                Instant.parse("2026-01-01T00:00:00Z"),
                                null,
                                0,
                                0,
                                0,
                                1,
                                0.2,
                                0,
                                List.of(),
                                null),
                        IllegalArgumentException::new);
        HerdSimulator simulator = settings.simulator((animal, episode) -> {});
        List<String> payloads = new ArrayList<>(PAYLOADS);
        for (int i = 0; i < PAYLOADS; i++) {
            payloads.add(
                    new String(
                            ReadingJson.toJson(simulator.next()),
                            java.nio.charset.StandardCharsets.UTF_8));
        }
        return payloads;
    }

    static String run(List<String> command, Path log) throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException(
                        command.get(4) + " failed; see " + log + ":\n" + Files.readString(log));
            }
        } finally {
            process.destroyForcibly();
        }
        return Files.readString(log);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1
                ? sorted.get(middle)
                : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    static double lastMatch(Pattern pattern, String output, int group) {
        Matcher matcher = pattern.matcher(output);
        Double value = null;
        while (matcher.find()) {
            value = Double.parseDouble(matcher.group(group));
        }
        if (value == null) {
            throw new IllegalStateException("no result in:\n" + output);
        }
        return value;
    }
}
