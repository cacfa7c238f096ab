package io.herdpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herdpulse.e2e.ReplayedHerd.Row;
import io.herdpulse.stack.process.Http;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: the JobManager killed with kill -9 while the job reads. A standalone JobManager forgets
 * its jobs, so the stack's supervisor starts a new one and resubmits the job from its newest
 * retained checkpoint. The readings sent before the kill, those sent while no JobManager ran, and a
 * duplicate of one sent before it must each be counted exactly once: the rows are compared with
 * what {@link ReplayedHerd} computes from the CSV.
 */
class JobManagerLossIT {
    private static final String TOPIC = "cow-health-data";
    private static final String GROUP = "herdpulse-job";

    /**
     * The herd's readings before this index go before the kill: mid-window, so a window spans it.
     */
    private static final int READINGS_BEFORE_THE_KILL = 7;

    private static Herdpulse herdpulse;
    private static Instant start;
    private static ReplayedHerd herd;

    @BeforeAll
    static void upWithoutSimulator() {
        herd = ReplayedHerd.onAFreshStack();
        herdpulse = herd.herdpulse();
        start = herd.start();
    }

    @AfterAll
    static void down() {
        herdpulse.downAndPurge();
    }

    @Test
    void aKilledJobManagerComesBackAndTheJobCountsEveryReadingOnce() throws Exception {
        List<Row> valid = herd.herd();
        Row remembered = ReplayedHerd.withId(valid.get(0), UUID.randomUUID().toString());
        valid.set(0, remembered);
        Instant killAt = start.plus(ReplayedHerd.SPACING.multipliedBy(READINGS_BEFORE_THE_KILL));
        List<Row> before = valid.stream().filter(row -> row.timestamp().isBefore(killAt)).toList();
        List<Row> after = new ArrayList<>(valid.subList(before.size(), valid.size()));
        after.add(remembered);
        Instant flushAt = start.plus(Duration.ofMinutes(30));
        after.addAll(ReplayedHerd.flush(flushAt));

        replay(before);
        // Offsets are committed when a checkpoint completes: once they reach the end, a checkpoint
        // holds every reading sent so far, de-duplication ids and open windows included.
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .until(JobManagerLossIT::everyReadingCheckpointed);

        long jobManager = herdpulse.pidOf("flink-jobmanager").orElseThrow();
        ProcessHandle process = ProcessHandle.of(jobManager).orElseThrow();
        process.destroyForcibly();
        process.onExit().join();
        replay(after);

        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(
                        () -> {
                            assertThat(herd.animalRowsBefore(flushAt))
                                    .isEqualTo(ReplayedHerd.expectedAnimalRows(valid));
                            assertThat(herd.farmRowsBefore(flushAt))
                                    .isEqualTo(ReplayedHerd.expectedFarmRows(valid));
                        });
        assertThat(
                        herd.query(
                                "SELECT reason, convert_from(raw_payload, 'UTF8')::jsonb->>'animalId'"
                                        + " FROM herdpulse.rejected_readings"))
                .containsExactly("DUPLICATE " + remembered.animal());
        assertThat(
                        herd.query(
                                "SELECT animal_id, started_at FROM herdpulse.health_alerts"
                                        + " WHERE kind = 'FEVER'"))
                .containsExactly(
                        ReplayedHerd.FEVERISH
                                + " "
                                + ReplayedHerd.timestamp(
                                        start.plus(ReplayedHerd.SPACING.multipliedBy(6))));
        assertThat(herdpulse.pidOf("flink-jobmanager")).isPresent().get().isNotEqualTo(jobManager);
        assertThat(Http.get("http://127.0.0.1:9410/metrics"))
                .hasValueSatisfying(
                        metrics ->
                                assertThat(metrics)
                                        .contains(
                                                "herdpulse_stack_restarts_total{component=\"flink-jobmanager\"} 1.0"));
    }

    private static void replay(List<Row> rows) {
        Herdpulse.Run replay = herdpulse.run("produce", "replay", herd.csv(rows).toString());
        assertThat(replay.exitCode()).as(replay.stdout() + replay.stderr()).isZero();
    }

    private static boolean everyReadingCheckpointed() throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        try (Admin admin = Admin.create(config)) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(GROUP)
                            .partitionsToOffsetAndMetadata()
                            .get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(TOPIC))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(TOPIC)
                    .partitions()
                    .forEach(
                            partition ->
                                    latest.put(
                                            new TopicPartition(TOPIC, partition.partition()),
                                            OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            return ends.entrySet().stream()
                    .allMatch(
                            end -> {
                                OffsetAndMetadata offset = committed.get(end.getKey());
                                return end.getValue().offset() == 0
                                        || (offset != null
                                                && offset.offset() >= end.getValue().offset());
                            });
        }
    }
}
