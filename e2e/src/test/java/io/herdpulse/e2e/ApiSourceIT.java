package io.herdpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: {@code bin/herdpulse up --source api} runs the fake vendor API and the poller in place
 * of the simulator, and the herd reaches Kafka through them, each reading once, across a poller
 * killed with SIGKILL and started again by the next {@code up}.
 */
class ApiSourceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String API = "http://127.0.0.1:8401/v1/readings";

    /** The stack's demo herd: 2 farms x 50 cows, a reading every 10 minutes for 7 days back. */
    private static final int BACKLOG = 2 * 50 * 7 * 24 * 6;

    private static Herdpulse herdpulse;

    @BeforeAll
    static void upWithTheApiSource() {
        herdpulse = new Herdpulse(Herdpulse.newHome());
        Herdpulse.Run up = herdpulse.run("up", "--source", "api");
        assertThat(up.exitCode()).as(up.stdout() + up.stderr()).isZero();
    }

    @AfterAll
    static void down() {
        herdpulse.run("down", "--purge");
        herdpulse.killLeftovers();
    }

    @Test
    void theFakeApisHerdReachesKafkaThroughThePollerInTheApisOrderEachReadingOnce()
            throws Exception {
        Herdpulse.Run status = herdpulse.run("status");
        assertThat(status.stdout().lines())
                .anySatisfy(line -> assertThat(line).startsWith("fake-api").contains("healthy"))
                .anySatisfy(line -> assertThat(line).startsWith("poller").contains("healthy"))
                .anySatisfy(line -> assertThat(line).startsWith("simulator").contains("stopped"));

        awaitCaughtUp();

        // Killed without warning, then started again by the next up: it goes on from its cursor.
        ProcessHandle poller = poller();
        poller.destroyForcibly();
        poller.onExit().get(30, TimeUnit.SECONDS);
        Herdpulse.Run again = herdpulse.run("up", "--source", "api");
        assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
        assertThat(again.stdout()).contains("already running").containsPattern("poller +started");
        awaitCaughtUp();

        // Stopped cleanly (it finishes its page), so Kafka holds whole pages when compared.
        ProcessHandle restarted = poller();
        restarted.destroy();
        restarted.onExit().get(60, TimeUnit.SECONDS);

        List<String> inKafka = readingIds();
        List<String> served = servedIds(inKafka.size());
        assertThat(inKafka).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(BACKLOG);
        // Partitions interleave the records: compare with the API's first N, both sorted.
        assertThat(inKafka.stream().sorted().toList()).isEqualTo(served.stream().sorted().toList());
    }

    /** The poller has caught up with the API once it says so on /metrics. */
    private static void awaitCaughtUp() {
        await().atMost(Duration.ofMinutes(6))
                .pollInterval(Duration.ofSeconds(3))
                .ignoreExceptions()
                .until(
                        () ->
                                get("http://127.0.0.1:9400/metrics")
                                        .lines()
                                        .filter(
                                                line ->
                                                        line.startsWith(
                                                                "herdpulse_poll_caught_up "))
                                        .anyMatch(
                                                line ->
                                                        line.endsWith(" 1")
                                                                || line.endsWith(" 1.0")));
    }

    private static ProcessHandle poller() throws IOException {
        long pid =
                Long.parseLong(
                        Files.readString(herdpulse.home().resolve("run/poller.pid"))
                                .trim()
                                .split(" ")[0]);
        return ProcessHandle.of(pid).orElseThrow();
    }

    /** The reading ids of cow-health-data, everything it holds now. */
    private static List<String> readingIds() throws IOException {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092",
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                                ByteArrayDeserializer.class);
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor("cow-health-data").stream()
                            .map(info -> new TopicPartition(info.topic(), info.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    if (record.offset()
                            < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        ids.add(JSON.readTree(record.value()).get("readingId").textValue());
                    }
                }
            }
        }
        return ids;
    }

    /** The ids of the API's first {@code count} readings, paged as any client would. */
    private static List<String> servedIds(int count) throws Exception {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        while (ids.size() < count) {
            JsonNode page =
                    JSON.readTree(
                            get(
                                    API
                                            + "?limit=1000"
                                            + (cursor == null
                                                    ? ""
                                                    : "&cursor="
                                                            + URLEncoder.encode(
                                                                    cursor,
                                                                    StandardCharsets.UTF_8))));
            for (JsonNode reading : page.get("data")) {
                if (ids.size() < count) {
                    ids.add(reading.get("id").textValue());
                }
            }
            cursor = page.get("next_cursor").textValue();
            assertThat(page.get("data").size() > 0 || ids.size() == count)
                    .as("the API ran out before Kafka's count")
                    .isTrue();
        }
        return ids;
    }

    private static String get(String url) throws IOException, InterruptedException {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
