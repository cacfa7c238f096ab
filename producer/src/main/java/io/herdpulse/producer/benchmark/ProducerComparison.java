package io.herdpulse.producer.benchmark;

import io.herdpulse.model.ReadingJson;
import io.herdpulse.producer.kafka.publish.KafkaSettings;
import io.herdpulse.producer.simulate.HerdSimulator;
import io.herdpulse.producer.simulate.SimulationSettings;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The producer ({@code herdpulse-producer.jar simulate}) beside Kafka's own ProducerPerformance,
 * one round at a time, on any broker: the same record count, the same payloads (JSON readings of
 * the simulator), the same producer settings and the same JVM heap, each tool in a JVM of its own;
 * a round counts only if each tool reports every record sent. The producer's test-broker benchmark
 * and {@code bin/herdpulse bench} both run it.
 */
public final class ProducerComparison {
    /** The heap of every measured JVM, so neither wins by memory. */
    public static final String HEAP = "-Xmx512m";

    /** The simulated herd's size, for {@code simulate} and the payloads alike. */
    public static final int ANIMALS = 1000;

    public static final int PAYLOADS = 10_000;

    public static final Pattern OURS =
            Pattern.compile("(\\d+) records acknowledged of \\d+ sent.*\\(([0-9.]+) records/s\\)");
    private static final Pattern KAFKA =
            Pattern.compile("(\\d+) records sent, ([0-9.]+) records/sec");
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(10);

    /**
     * Where the tools are.
     *
     * @param java the java executable every tool runs with
     * @param kafkaClasspath a classpath holding kafka-tools (ProducerPerformance)
     */
    public record Tools(String java, String kafkaClasspath, Path producerJar) {}

    /** The rates one round measured, records per second. */
    public record Round(double producerPerformance, double herdpulseProducer) {
        public double ratio() {
            return herdpulseProducer / producerPerformance;
        }
    }

    private final Tools tools;
    private final String bootstrapServers;
    private final Path payloadFile;
    private final Map<String, Object> settings;

    /** Writes the payloads for ProducerPerformance into {@code workDir}. */
    public ProducerComparison(Tools tools, String bootstrapServers, Path workDir) {
        this.tools = tools;
        this.bootstrapServers = bootstrapServers;
        this.payloadFile = writePayloads(workDir.resolve("producer-payloads.jsonl"));
        this.settings =
                new KafkaSettings(
                                bootstrapServers,
                                "",
                                "benchmark",
                                Duration.ofMinutes(2),
                                Duration.ofSeconds(15))
                        .tuning();
    }

    /** The producer settings both tools run with. */
    public Map<String, Object> settings() {
        return settings;
    }

    public long averagePayloadBytes() {
        try {
            return Files.size(payloadFile) / PAYLOADS;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One round: ProducerPerformance into one topic, then the producer into the other. */
    public Round round(String kafkaTopic, String ourTopic, long records, Path logs, int round) {
        List<String> perf =
                new ArrayList<>(
                        List.of(
                                tools.java(),
                                HEAP,
                                "-cp",
                                tools.kafkaClasspath(),
                                "org.apache.kafka.tools.ProducerPerformance",
                                "--topic",
                                kafkaTopic,
                                "--num-records",
                                Long.toString(records),
                                "--throughput",
                                "-1",
                                "--payload-file",
                                payloadFile.toString(),
                                "--producer-props",
                                "bootstrap.servers=" + bootstrapServers));
        settings.forEach((key, value) -> perf.add(key + "=" + value));
        double kafka =
                rate(
                        KAFKA,
                        run(perf, logs.resolve("producer-performance-" + round + ".log")),
                        records);
        double ours =
                rate(
                        OURS,
                        run(
                                simulate(tools, bootstrapServers, ourTopic, records),
                                logs.resolve("herdpulse-producer-" + round + ".log")),
                        records);
        return new Round(kafka, ours);
    }

    /** {@code simulate} of the benchmark's herd: {@code records} readings as fast as it can. */
    public static List<String> simulate(
            Tools tools, String bootstrapServers, String topic, long records) {
        // Far enough back that the whole run is history: nothing waits for the clock.
        Duration history = Duration.ofMinutes(10 * (records / ANIMALS + 10));
        return List.of(
                tools.java(),
                HEAP,
                "-jar",
                tools.producerJar().toString(),
                "simulate",
                "--bootstrap-servers",
                bootstrapServers,
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

    /** {@value #PAYLOADS} readings of the benchmark's herd as the contract's JSON. */
    public static List<String> payloads() {
        HerdSimulator simulator =
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
                                        0,
                                        List.of(),
                                        null),
                                IllegalArgumentException::new)
                        .simulator((animal, episode) -> {});
        List<String> payloads = new ArrayList<>(PAYLOADS);
        for (int i = 0; i < PAYLOADS; i++) {
            payloads.add(new String(ReadingJson.toJson(simulator.next()), StandardCharsets.UTF_8));
        }
        return payloads;
    }

    /**
     * Runs a tool to its end, its output in {@code log}, and returns the output; fails on a
     * non-zero exit or after {@link #TOOL_TIMEOUT}, and never leaves the process running.
     */
    public static String run(List<String> command, Path log) {
        Process process = null;
        try {
            Files.createDirectories(log.getParent());
            process =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            if (!process.waitFor(TOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(command.get(0) + " did not end; see " + log);
            }
            String output = Files.readString(log);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " failed; see " + log + ":\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }

    public static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1
                ? sorted.get(middle)
                : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** The rate a tool reported last, after checking it sent every record. */
    public static double rate(Pattern pattern, String output, long records) {
        Matcher matcher = pattern.matcher(output);
        Long sent = null;
        Double rate = null;
        while (matcher.find()) {
            sent = Long.parseLong(matcher.group(1));
            rate = Double.parseDouble(matcher.group(2));
        }
        if (rate == null) {
            throw new IllegalStateException("no result in:\n" + output);
        }
        if (sent != records) {
            throw new IllegalStateException(
                    sent + " records sent, not " + records + ":\n" + output);
        }
        return rate;
    }

    private static Path writePayloads(Path file) {
        try {
            Files.createDirectories(file.getParent());
            try (BufferedWriter out = Files.newBufferedWriter(file)) {
                for (String payload : payloads()) {
                    out.write(payload);
                    out.newLine();
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
