package io.herdpulse.producer.benchmark;

import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.kafka.KafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@link ProducerComparison} on a test broker of its own, in alternating rounds (the same
 * comparison {@code bin/herdpulse bench --suites producer} runs on the local stack). Not a test:
 * run it with
 *
 * <pre>mvn -B -pl producer -am verify -DskipTests -Pbenchmark</pre>
 *
 * ({@code -Dbenchmark.records=N} to change the record count, {@code -Dbenchmark.rounds=N} the
 * number of alternating rounds). It prints both rates and their ratio for every round, the ratio of
 * the best rounds and the median ratio of a round: the machine is shared, so single rounds are
 * noisy.
 */
public final class ProducerBenchmark {
    static final int PARTITIONS = 3;

    public static void main(String[] args) throws Exception {
        long records = Long.getLong("benchmark.records", 3_000_000);
        int rounds = Integer.getInteger("benchmark.rounds", 3);
        Distribution distribution = Distribution.locate();
        Path dir = Files.createTempDirectory("herdpulse-benchmark");
        try (KafkaBroker broker = KafkaBroker.startForTests(dir.resolve("kafka"))) {
            ProducerComparison comparison =
                    new ProducerComparison(
                            new ProducerComparison.Tools(
                                    Distribution.java(),
                                    Distribution.classpathOf(distribution.kafkaLibs()),
                                    Distribution.require(distribution.producerJar())),
                            broker.bootstrapServers(),
                            dir);
            List<ProducerComparison.Round> measured = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                String kafkaTopic = "perf-kafka-" + round;
                String ourTopic = "perf-herdpulse-" + round;
                broker.createTopic(kafkaTopic, PARTITIONS);
                broker.createTopic(ourTopic, PARTITIONS);
                ProducerComparison.Round result =
                        comparison.round(kafkaTopic, ourTopic, records, dir, round);
                measured.add(result);
                System.out.printf(
                        Locale.ROOT,
                        "round %d: ProducerPerformance %.0f records/s, herdpulse-producer %.0f"
                                + " records/s, ratio %.2f%n",
                        round,
                        result.producerPerformance(),
                        result.herdpulseProducer(),
                        result.ratio());
            }
            double bestKafka =
                    measured.stream()
                            .mapToDouble(ProducerComparison.Round::producerPerformance)
                            .max()
                            .orElseThrow();
            double bestOurs =
                    measured.stream()
                            .mapToDouble(ProducerComparison.Round::herdpulseProducer)
                            .max()
                            .orElseThrow();
            System.out.printf(
                    Locale.ROOT,
                    "%nbenchmark: %d records of %d bytes on average, %d partitions, producer settings %s%n"
                            + "  Kafka ProducerPerformance:       %.0f records/s%n"
                            + "  herdpulse-producer simulate:     %.0f records/s%n"
                            + "  ratio of the best rounds: %.2f; median ratio within a round: %.2f"
                            + " (goal >= 0.8)%n",
                    records,
                    comparison.averagePayloadBytes(),
                    PARTITIONS,
                    comparison.settings(),
                    bestKafka,
                    bestOurs,
                    bestOurs / bestKafka,
                    ProducerComparison.median(
                            measured.stream().map(ProducerComparison.Round::ratio).toList()));
        } finally {
            deleteRecursively(dir); // the broker's log of every round: hundreds of megabytes
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
