package io.herdpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herdpulse.e2e.ReplayedHerd.Row;
import io.herdpulse.stack.process.Http;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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

        herd.replay(before);
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .until(herd::everyReadingCheckpointed);

        long jobManager = herdpulse.pidOf("flink-jobmanager").orElseThrow();
        ProcessHandle process = ProcessHandle.of(jobManager).orElseThrow();
        process.destroyForcibly();
        process.onExit().join();
        herd.replay(after);

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
}
