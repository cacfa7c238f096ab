package io.herdpulse.alerts;

import static io.herdpulse.alerts.TestReadings.at;
import static io.herdpulse.alerts.TestReadings.concat;
import static io.herdpulse.alerts.TestReadings.repeat;
import static io.herdpulse.alerts.TestReadings.temperatures;
import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.alerts.baseline.BaselineState;
import io.herdpulse.alerts.ph.PhState;
import io.herdpulse.alerts.silence.FarmClock;
import io.herdpulse.alerts.silence.LastSeen;
import io.herdpulse.alerts.temperature.Run;
import io.herdpulse.alerts.temperature.TemperatureState;
import io.herdpulse.model.AlertKind;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/** Event-time order, state and timers of the detector, whatever the rules. */
class AlertDetectorStateTest {
    private static final double[] FEVER_EPISODE =
            concat(
                    repeat(38.8, 6),
                    new double[] {39.8, 39.9, 40.0, 40.1, 39.6, 39.2},
                    repeat(38.9, 5));

    @Test
    void readingsOutOfOrderWithinTheWatermarkGiveTheSameAlertsAsInOrder() throws Exception {
        List<Reading> inOrder = temperatures("cow-1", FEVER_EPISODE);
        List<HealthAlert> expected;
        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            expected = detector.stepAll(inOrder);
        }
        assertThat(expected).extracting(HealthAlert::kind).contains(AlertKind.FEVER);

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            // Blocks of four readings arrive shuffled; the watermark follows each block.
            Random random = new Random(7);
            for (int from = 0; from < inOrder.size(); from += 4) {
                List<Reading> block =
                        new ArrayList<>(inOrder.subList(from, Math.min(from + 4, inOrder.size())));
                Collections.shuffle(block, random);
                for (Reading reading : block) {
                    detector.send(reading);
                }
                detector.watermark(
                        block.stream().map(Reading::timestamp).max(Instant::compareTo).get());
            }
            assertThat(detector.newAlerts()).isEqualTo(expected);
            // Nothing waits any more: one silence timer is all that is left.
            assertThat(detector.numEventTimeTimers()).isEqualTo(1);
        }
    }

    @Test
    void aReadingBehindTheWatermarkCountsOnlyIfNotOlderThanTheLatestProcessed() throws Exception {
        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            detector.stepAll(
                    temperatures("cow-1", concat(repeat(38.8, 6), new double[] {39.9, 39.9})));
            detector.watermark(at(10));

            // Older than the latest processed reading (index 7): left out, else it would end the
            // run.
            detector.send(TestReadings.temperature("cow-1", at(5), 38.0));
            // Behind the watermark but newer: processed at once, completing three fever readings.
            detector.send(TestReadings.temperature("cow-1", at(9), 40.0));

            assertThat(detector.newAlerts())
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.kind()).isEqualTo(AlertKind.FEVER);
                                assertThat(a.startedAt()).isEqualTo(at(6));
                            });
            assertThat(detector.numEventTimeTimers()).isEqualTo(1);
        }
    }

    @Test
    void anAnimalSilentForTheStateTtlHasItsAlertsClosedAndItsStateAndTimersCleared()
            throws Exception {
        Duration ttl = Duration.ofDays(1);
        AlertThresholds shortTtl =
                RecordCopy.with(AlertThresholds.defaults(), "alertStateTtl", ttl);
        try (DetectorHarness detector = new DetectorHarness(shortTtl)) {
            List<Reading> sick = temperatures("cow-1", concat(repeat(38.8, 6), repeat(40.2, 4)));
            List<Reading> healthy = temperatures("cow-2", repeat(38.8, 20));
            List<Reading> all = new ArrayList<>(sick);
            all.addAll(healthy);
            all.sort(java.util.Comparator.comparing(Reading::timestamp));
            List<HealthAlert> alerts = detector.stepAll(all);
            Instant lastSick = sick.get(sick.size() - 1).timestamp();
            Instant lastHealthy = healthy.get(healthy.size() - 1).timestamp();

            assertThat(detector.numEventTimeTimers()).isEqualTo(2);
            assertThat(detector.numKeyedStateEntries()).isPositive();

            detector.watermark(lastHealthy.plus(ttl));
            alerts.addAll(detector.newAlerts());

            Map<String, List<HealthAlert>> rows =
                    alerts.stream().collect(Collectors.groupingBy(HealthAlert::alertId));
            assertThat(rows.keySet())
                    .containsExactlyInAnyOrder(
                            "cow-1/FEVER/" + at(6),
                            "cow-1/SENSOR_SILENT/" + lastSick.plus(TestReadings.INTERVAL));
            assertThat(rows.values())
                    .allSatisfy(
                            pair ->
                                    assertThat(pair)
                                            .extracting(HealthAlert::endedAt)
                                            .containsExactly(null, lastSick.plus(ttl)));
            assertThat(detector.numKeyedStateEntries()).isZero();
            assertThat(detector.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void stateAndRowsAreSerialisedAsPojosWithoutKryo() {
        for (Class<?> type :
                List.of(
                        TemperatureState.class,
                        Run.class,
                        BaselineState.class,
                        PhState.class,
                        LastSeen.class,
                        FarmClock.Latest.class,
                        FarmClock.Minutes.class,
                        Arrival.class,
                        HealthAlert.class,
                        Reading.class)) {
            PojoTestUtils.assertSerializedAsPojoWithoutKryo(type);
        }
    }
}
