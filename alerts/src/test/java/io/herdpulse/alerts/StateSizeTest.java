package io.herdpulse.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The checkpointed keyed state per animal once its 7-day baselines are full: the snapshot of a herd
 * minus that of a single animal, divided by the other animals (so the state's fixed metadata does
 * not count). Goal: at most 1 KB.
 */
class StateSizeTest {
    private static final int ANIMALS = 101;
    private static final int DAYS = 8;

    @ParameterizedTest(name = "pH bolus: {0}")
    @ValueSource(booleans = {false, true})
    void anAnimalWithFullBaselinesCheckpointsAtMostOneKilobyte(boolean phBolus) throws Exception {
        long herd = checkpointBytes(ANIMALS, phBolus);
        long one = checkpointBytes(1, phBolus);
        long perAnimal = (herd - one) / (ANIMALS - 1);
        System.out.printf(
                "keyed state per animal (pH bolus: %s): %d bytes (%d animals: %d bytes, 1 animal: %d bytes)%n",
                phBolus, perAnimal, ANIMALS, herd, one);

        assertThat(perAnimal).isLessThanOrEqualTo(1024);
    }

    private static long checkpointBytes(int animals, boolean phBolus) throws Exception {
        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            int steps = DAYS * 144;
            Instant t = TestReadings.START;
            for (int step = 0; step < steps; step++) {
                t = TestReadings.at(step);
                for (int a = 0; a < animals; a++) {
                    detector.send(
                            TestReadings.reading(
                                    "farm-1",
                                    String.format("cow-%04d", a),
                                    t,
                                    38.8 + 0.01 * (step % 7),
                                    10 + step % 5,
                                    3 + step % 3,
                                    phBolus ? 6.3 : null));
                }
                detector.watermark(t);
            }
            // A checkpoint between readings, as most are: nothing waits for the watermark.
            detector.watermark(t.plus(Duration.ofMinutes(1)));
            OperatorSubtaskState snapshot = detector.snapshot(1, t.toEpochMilli());
            long bytes = 0;
            for (KeyedStateHandle handle : snapshot.getManagedKeyedState()) {
                bytes += handle.getStateSize();
            }
            return bytes;
        }
    }
}
