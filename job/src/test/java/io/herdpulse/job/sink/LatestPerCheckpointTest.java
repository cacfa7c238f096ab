package io.herdpulse.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.model.AlertKind;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Severity;
import java.time.Instant;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LatestPerCheckpointTest {
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    private static HealthAlert alert(
            String animal, Instant endedAt, double value, Instant detected) {
        return new HealthAlert(
                HealthAlert.idFor(animal, AlertKind.FEVER, START),
                animal,
                "farm-1",
                AlertKind.FEVER,
                Severity.WARNING,
                START,
                endedAt,
                value,
                39.7,
                "{}",
                detected);
    }

    @Test
    void sendsEachKeyOnceBeforeTheCheckpointCombinedAsTheUpsertWould() throws Exception {
        Instant detected = START.plusSeconds(1);
        Instant ended = START.plusSeconds(3600);
        try (OneInputStreamOperatorTestHarness<HealthAlert, HealthAlert> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new LatestPerCheckpoint<>(new HealthAlertUpsert()))) {
            harness.open();
            harness.processElement(alert("cow-1", null, 39.8, detected), 0);
            harness.processElement(alert("cow-2", null, 39.9, detected), 0);
            harness.processElement(alert("cow-1", ended, 39.4, ended), 0);
            harness.processElement(alert("cow-1", null, 39.8, detected), 0); // a replayed start

            assertThat(harness.extractOutputValues()).isEmpty();

            harness.prepareSnapshotPreBarrier(1);

            assertThat(harness.extractOutputValues())
                    .containsExactly(
                            alert("cow-1", ended, 39.4, detected),
                            alert("cow-2", null, 39.9, detected));
        }
    }

    @Test
    void sendsWhatIsLeftWhenTheInputEnds() throws Exception {
        try (OneInputStreamOperatorTestHarness<HealthAlert, HealthAlert> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new LatestPerCheckpoint<>(new HealthAlertUpsert()))) {
            harness.open();
            harness.processElement(alert("cow-1", null, 39.8, START), 0);
            harness.endInput();
            harness.getOneInputOperator().finish();

            assertThat(harness.extractOutputValues())
                    .containsExactly(alert("cow-1", null, 39.8, START));
        }
    }
}
