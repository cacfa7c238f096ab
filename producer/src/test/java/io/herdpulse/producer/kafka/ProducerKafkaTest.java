package io.herdpulse.producer.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.herdpulse.stack.kafka.KafkaBrokerExtension;
import io.herdpulse.stack.process.Ports;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Simulate and replay against a real Kafka broker, read back with a plain consumer. */
class ProducerKafkaTest {
    private static final int PARTITIONS = 3;
    private static final Duration QUIET = Duration.ofSeconds(2);
    @TempDir static Path dir;

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void simulateWritesOneValidRecordPerAnimalAndIntervalKeyedAndPartitionedByAnimal() {
        String topic = topic("simulate");
        Cli cli = new Cli();

        int exit =
                cli.run(
                        connected(
                                "simulate",
                                topic,
                                "--farms",
                                "2",
                                "--animals",
                                "5",
                                "--interval",
                                "PT10M",
                                "--start",
                                "2026-01-01T00:00:00Z",
                                "--duration",
                                "PT2H",
                                "--incidence",
                                "0",
                                "--seed",
                                "3"));

        assertThat(exit).as(cli.err()).isZero();
        List<ConsumerRecord<String, byte[]>> records =
                TopicContents.readAll(KAFKA.broker().bootstrapServers(), topic, QUIET);
        int animals = 2 * 5;
        int intervals = 12;
        assertThat(records).hasSize(animals * intervals);
        assertThat(cli.acknowledged()).isEqualTo(animals * intervals);
        records.forEach(TopicContents::assertValidReading);
        for (ConsumerRecord<String, byte[]> record : records) {
            // The client's default partitioner: murmur2 of the key's bytes.
            int expected = Utils.toPositive(Utils.murmur2(Utils.utf8(record.key()))) % PARTITIONS;
            assertThat(record.partition()).isEqualTo(expected);
        }
        Map<String, List<Instant>> timesByAnimal = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            JsonNode reading = TopicContents.json(record);
            timesByAnimal
                    .computeIfAbsent(record.key(), key -> new ArrayList<>())
                    .add(Instant.parse(reading.get("timestamp").textValue()));
        }
        assertThat(timesByAnimal.keySet())
                .containsExactly(
                        "farm-01-cow-001",
                        "farm-01-cow-002",
                        "farm-01-cow-003",
                        "farm-01-cow-004",
                        "farm-01-cow-005",
                        "farm-02-cow-001",
                        "farm-02-cow-002",
                        "farm-02-cow-003",
                        "farm-02-cow-004",
                        "farm-02-cow-005");
        for (List<Instant> times : timesByAnimal.values()) {
            assertThat(times).hasSize(intervals);
            for (int i = 1; i < times.size(); i++) {
                // In order within the animal's partition, one interval apart.
                assertThat(Duration.between(times.get(i - 1), times.get(i)))
                        .isEqualTo(Duration.ofMinutes(10));
            }
            assertThat(times.get(0))
                    .isBetween(
                            Instant.parse("2026-01-01T00:00:00Z"),
                            Instant.parse("2026-01-01T00:09:59Z"));
        }
        assertThat(records.stream().map(r -> TopicContents.json(r).get("readingId").textValue()))
                .doesNotHaveDuplicates();
    }

    @Test
    void countStopsAfterExactlyThatManyRecords() {
        String topic = topic("count");
        Cli cli = new Cli();

        int exit =
                cli.run(
                        connected(
                                "simulate",
                                topic,
                                "--start",
                                "-P30D",
                                "--count",
                                "1234",
                                "--rate",
                                "20000",
                                "--seed",
                                "1"));

        assertThat(exit).as(cli.err()).isZero();
        assertThat(TopicContents.readAll(KAFKA.broker().bootstrapServers(), topic, QUIET))
                .hasSize(1234);
        assertThat(cli.acknowledged()).isEqualTo(1234);
        assertThat(cli.sent()).isEqualTo(1234);
    }

    @Test
    void replayingAFileTwiceWritesEveryMappableRowTwiceWithTheSameIds() throws Exception {
        String topic = topic("replay");
        Path file = dir.resolve("readings.csv");
        List<String> lines = new ArrayList<>();
        lines.add(
                "timestamp,farm_id,animal_id,sensor_id,rumen_temp_c,activity,rumination_min,water_intake_l,rumen_ph");
        for (int i = 0; i < 300; i++) {
            lines.add(
                    String.format(
                            java.util.Locale.ROOT,
                            "2026-03-01T%02d:%02d:00Z,farm-1,cow-%d,bolus-%d,39.%d,%d,5,,6.2",
                            i / 60,
                            i % 60,
                            i % 7,
                            i % 7,
                            i % 10,
                            i));
        }
        lines.add("2026-03-01T09:00:00Z,farm-1,cow-1,bolus-1,39.1,1"); // line 302: too short
        lines.add("2026-03-01T09:10:00Z,farm-1,cow-1,bolus-1,50.5,1,5,,"); // out of range: sent
        Files.write(file, lines);

        Cli first = new Cli();
        Cli second = new Cli();
        String[] args = connected("replay", topic, file.toString());
        assertThat(first.run(args)).as(first.err()).isZero();
        assertThat(second.run(args)).as(second.err()).isZero();

        List<ConsumerRecord<String, byte[]>> records =
                TopicContents.readAll(KAFKA.broker().bootstrapServers(), topic, QUIET);
        assertThat(records).hasSize(2 * 301);
        assertThat(first.err()).contains("replay: skipped line 302: expected 9 columns, found 6");
        assertThat(first.out()).contains("1 rows skipped");
        Map<String, Long> copiesById =
                records.stream()
                        .collect(
                                Collectors.groupingBy(
                                        r -> TopicContents.json(r).get("readingId").textValue(),
                                        Collectors.counting()));
        assertThat(copiesById)
                .hasSize(301)
                .allSatisfy((id, copies) -> assertThat(copies).isEqualTo(2));
        assertThat(
                        records.stream()
                                .filter(r -> r.key().equals("cow-3"))
                                .map(r -> TopicContents.json(r).get("timestamp").textValue())
                                .limit(3))
                .containsExactly(
                        "2026-03-01T00:03:00Z", "2026-03-01T00:10:00Z", "2026-03-01T00:17:00Z");
    }

    @Test
    void fromAPastStartItBackfillsFastThenFollowsRealTimeNeverAheadAndStopsCleanly()
            throws Exception {
        String topic = topic("realtime");
        int metricsPort = Ports.freePort();
        Cli cli = new Cli();
        CompletableFuture<Integer> run =
                cli.start(
                        "simulate",
                        "--bootstrap-servers",
                        KAFKA.broker().bootstrapServers(),
                        "--topic",
                        topic,
                        "--metrics-port",
                        Integer.toString(metricsPort),
                        "--farms",
                        "1",
                        "--animals",
                        "3",
                        "--interval",
                        "PT2S",
                        "--start",
                        "-PT2M",
                        "--incidence",
                        "0",
                        "--seed",
                        "9");
        Instant started = Instant.now();

        HttpClient http = HttpClient.newHttpClient();
        HttpRequest scrape =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                        .build();
        await().atMost(Duration.ofSeconds(30))
                // /metrics starts with the run: until then a scrape is refused.
                .ignoreException(ConnectException.class)
                .untilAsserted(
                        () -> {
                            String metrics =
                                    http.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
                            assertThat(metrics)
                                    .contains(
                                            "herdpulse_producer_records_sent_total",
                                            "herdpulse_producer_simulated_time_seconds",
                                            "herdpulse_producer_send_latency_seconds_bucket",
                                            "herdpulse_producer_rate_records_per_second");
                            assertThat(
                                            sampleValue(
                                                    metrics,
                                                    "herdpulse_producer_records_sent_total"))
                                    .isGreaterThanOrEqualTo(3 * 60);
                        });
        Thread.sleep(5000); // some readings in real time
        cli.stop.request();

        assertThat(run.get(60, TimeUnit.SECONDS)).as(cli.err()).isZero();
        List<ConsumerRecord<String, byte[]>> records =
                TopicContents.readAll(KAFKA.broker().bootstrapServers(), topic, QUIET);
        assertThat(records).hasSize((int) cli.acknowledged());
        List<Instant> backfill = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Instant eventTime =
                    Instant.parse(TopicContents.json(record).get("timestamp").textValue());
            // CreateTime is the producer's clock at send(): a reading is never sent early.
            assertThat(eventTime).isBeforeOrEqualTo(Instant.ofEpochMilli(record.timestamp()));
            if (eventTime.isBefore(started.minusSeconds(60))) {
                backfill.add(Instant.ofEpochMilli(record.timestamp()));
            }
        }
        assertThat(backfill).hasSizeGreaterThanOrEqualTo(3 * 25);
        // The first minute of simulated history went out in well under a minute of wall time.
        Instant firstSent = backfill.stream().min(Instant::compareTo).orElseThrow();
        Instant lastSent = backfill.stream().max(Instant::compareTo).orElseThrow();
        assertThat(Duration.between(firstSent, lastSent)).isLessThan(Duration.ofSeconds(10));
        assertThat(records.size()).isGreaterThan(3 * 60 + 3);
        assertThat(cli.out())
                .contains(
                        "simulate: "
                                + cli.acknowledged()
                                + " records acknowledged of "
                                + cli.acknowledged()
                                + " sent, 0 failed");
    }

    @Test
    void aRowKafkaRefusesIsSkippedWithItsLineAndTheReplayGoesOn() throws Exception {
        String topic = topic("refused");
        Path file = dir.resolve("too-large.csv");
        List<String> lines = new ArrayList<>();
        lines.add("timestamp,farm_id,animal_id,sensor_id,rumen_temp_c,activity,rumination_min");
        int before = 5000;
        for (int i = 0; i < before; i++) {
            lines.add(
                    String.format(
                            java.util.Locale.ROOT,
                            "2026-03-01T00:00:%02dZ,farm-1,cow-%d,bolus-%d,39.0,10,5",
                            i % 60,
                            i,
                            i));
        }
        // Within replay's line cap, but as JSON above the client's max.request.size of 1 MiB:
        // refused at once, and at every run again; before 2026-12-05 it stopped the replay there.
        lines.add("2026-03-01T01:00:00Z,farm-1,cow-x," + "s".repeat(1_048_500) + ",39.0,10,5");
        int after = 10;
        for (int i = 0; i < after; i++) {
            lines.add("2026-03-01T02:00:00Z,farm-1,cow-after-" + i + ",bolus-a,39.0,10,5");
        }
        Files.write(file, lines);
        Cli cli = new Cli();

        int exit = cli.run(connected("replay", topic, file.toString()));

        assertThat(exit).isZero();
        assertThat(cli.acknowledged()).isEqualTo(before + after);
        assertThat(cli.failed()).isEqualTo(1);
        assertThat(cli.err().lines().filter(line -> line.startsWith("replay: skipped")))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith(
                        "replay: skipped line "
                                + (before + 2)
                                + ": Kafka refused it: RecordTooLargeException: ");
        assertThat(cli.out().lines())
                .contains(
                        "replay: "
                                + (before + after + 2)
                                + " lines read from "
                                + file
                                + ", 1 rows skipped");
        List<ConsumerRecord<String, byte[]>> records =
                TopicContents.readAll(KAFKA.broker().bootstrapServers(), topic, QUIET);
        assertThat(records.stream().map(ConsumerRecord::key))
                .containsExactlyInAnyOrderElementsOf(
                        java.util.stream.Stream.concat(
                                        java.util.stream.IntStream.range(0, before)
                                                .mapToObj(i -> "cow-" + i),
                                        java.util.stream.IntStream.range(0, after)
                                                .mapToObj(i -> "cow-after-" + i))
                                .toList());
    }

    @Test
    void anUnknownTopicIsAOneLineFailure() {
        Cli cli = new Cli();

        int exit =
                cli.run(
                        connected(
                                "simulate",
                                "no-such-topic",
                                "--connect-timeout",
                                "PT2S",
                                "--count",
                                "1"));

        assertThat(exit).isEqualTo(1);
        assertThat(cli.err().lines().filter(line -> line.startsWith("error:")))
                .containsExactly(
                        "error: no answer from Kafka at "
                                + KAFKA.broker().bootstrapServers()
                                + " about topic no-such-topic within 2.0 s (is the broker running and does the topic exist?)");
    }

    private static double sampleValue(String metrics, String name) {
        return metrics.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static String topic(String name) {
        KAFKA.broker().createTopic(name, PARTITIONS);
        return name;
    }

    /** The command against the test broker and topic, without a metrics endpoint. */
    private static String[] connected(String command, String topic, String... arguments) {
        List<String> all =
                new ArrayList<>(
                        List.of(
                                command,
                                "--bootstrap-servers",
                                KAFKA.broker().bootstrapServers(),
                                "--topic",
                                topic,
                                "--metrics-port",
                                "0"));
        all.addAll(List.of(arguments));
        return all.toArray(String[]::new);
    }
}
