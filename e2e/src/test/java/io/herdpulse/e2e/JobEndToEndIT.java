package io.herdpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herdpulse.e2e.ReplayedHerd.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5 end to end: the shaded job jar submitted with the real {@code flink run} to a separate
 * JobManager and TaskManager by {@code bin/herdpulse up}, a CSV replayed with the producer, and the
 * rows in PostgreSQL compared exactly with what {@link ReplayedHerd} computes from the CSV.
 */
class JobEndToEndIT {
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
    void replayedReadingsBecomeExactWindowRowsAlertsAndRejects() throws Exception {
        List<Row> valid = herd.herd();
        String duplicateId = UUID.randomUUID().toString();
        Row original = ReplayedHerd.withId(valid.get(0), duplicateId);
        valid.set(0, original);
        Row duplicate = original;
        Row outOfRange =
                new Row(
                        start.plusSeconds(5),
                        "farm-south",
                        "farm-south-cow-2",
                        50.0,
                        1,
                        1,
                        null,
                        null,
                        null);
        Instant flushAt = start.plus(Duration.ofMinutes(30));
        List<Row> flush = ReplayedHerd.flush(flushAt);
        List<Row> file = new ArrayList<>(valid);
        file.add(duplicate);
        file.add(outOfRange);
        file.addAll(flush);

        Herdpulse.Run replay = herdpulse.run("produce", "replay", herd.csv(file).toString());
        assertThat(replay.exitCode()).as(replay.stdout() + replay.stderr()).isZero();

        Set<String> expectedAnimalRows = ReplayedHerd.expectedAnimalRows(valid);
        Set<String> expectedFarmRows = ReplayedHerd.expectedFarmRows(valid);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(
                        () -> {
                            assertThat(herd.animalRowsBefore(flushAt))
                                    .isEqualTo(expectedAnimalRows);
                            assertThat(herd.farmRowsBefore(flushAt)).isEqualTo(expectedFarmRows);
                        });

        assertThat(
                        herd.query(
                                "SELECT reason, convert_from(raw_payload, 'UTF8')::jsonb->>'animalId'"
                                        + " FROM herdpulse.rejected_readings ORDER BY reason"))
                .containsExactly("DUPLICATE farm-north-cow-1", "OUT_OF_RANGE farm-south-cow-2");

        Instant feverStart = start.plus(ReplayedHerd.SPACING.multipliedBy(6));
        await().atMost(Duration.ofMinutes(1))
                .untilAsserted(
                        () ->
                                assertThat(
                                                herd.query(
                                                        "SELECT animal_id, kind, started_at, ended_at IS NULL"
                                                                + " FROM herdpulse.health_alerts"
                                                                + " WHERE kind = 'FEVER'"))
                                        .containsExactly(
                                                ReplayedHerd.FEVERISH
                                                        + " FEVER "
                                                        + ReplayedHerd.timestamp(feverStart)
                                                        + " t"));

        // Once the windows have closed, a reading for one of them is late: kept with its reason,
        // not counted.
        Row late =
                new Row(
                        start.plusSeconds(1),
                        "farm-north",
                        "farm-north-cow-2",
                        38.5,
                        1,
                        1,
                        null,
                        null,
                        null);
        assertThat(
                        herdpulse
                                .run("produce", "replay", herd.csv(List.of(late)).toString())
                                .exitCode())
                .isZero();
        await().atMost(Duration.ofMinutes(1))
                .untilAsserted(
                        () ->
                                assertThat(
                                                herd.query(
                                                        "SELECT reason FROM herdpulse.rejected_readings"))
                                        .contains("LATE"));
        assertThat(herd.animalRowsBefore(flushAt)).isEqualTo(expectedAnimalRows);
    }
}
