package io.herdpulse.alerts;

import static io.herdpulse.alerts.TestReadings.concat;
import static io.herdpulse.alerts.TestReadings.repeat;
import static io.herdpulse.alerts.TestReadings.temperatures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herdpulse.alerts.baseline.BaselineThresholds;
import io.herdpulse.alerts.temperature.TemperatureThresholds;
import io.herdpulse.model.AlertKind;
import io.herdpulse.model.HealthAlert;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The bounds every duration of the thresholds keeps, so the rules' arithmetic stays in range. */
class AlertThresholdsTest {

    private static AlertThresholds with(String component, Object value) {
        return RecordCopy.with(AlertThresholds.defaults(), component, value);
    }

    @Test
    void theSensorIntervalIsWholeSecondsFromOneSecondToTenYears() {
        // Under a millisecond it was accepted, and its silent span was 0; one long enough to
        // overflow the silent span's multipliedBy threw ArithmeticException, not a message.
        for (Duration interval :
                new Duration[] {
                    Duration.parse("PT0.0005S"),
                    Duration.parse("PT0.999S"),
                    Duration.parse("PT1.5S"),
                    Duration.ZERO,
                    Duration.parse("-PT10M"),
                    Duration.parse("P3651D"),
                    Duration.ofSeconds(Long.MAX_VALUE / 2)
                }) {
            assertThatThrownBy(() -> with("sensorInterval", interval))
                    .as(interval.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(
                            "the interval at which a bolus reports must be whole seconds, from PT1S"
                                    + " to P3650D");
        }
        assertThat(with("sensorInterval", Duration.ofSeconds(1)).silentSpan())
                .isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void theStateTtlIsAtMostTenYears() throws Exception {
        // P106751990000D overflowed lastReadingAt + TTL, P106751991200D Duration.toMillis.
        for (String ttl : new String[] {"P3651D", "P106751990000D", "P106751991200D"}) {
            assertThatThrownBy(() -> with("alertStateTtl", Duration.parse(ttl)))
                    .as(ttl)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the alert state TTL must be positive and at most P3650D");
        }
        // At the longest, a cow's readings are kept and her fever raised.
        AlertThresholds longest = with("alertStateTtl", Duration.ofDays(3650));
        try (DetectorHarness detector = new DetectorHarness(longest)) {
            assertThat(
                            detector.stepAll(
                                    temperatures(
                                            "cow-1", concat(repeat(38.8, 6), repeat(40.2, 4)))))
                    .extracting(HealthAlert::kind)
                    .contains(AlertKind.FEVER);
        }
    }

    @Test
    void theDrinkingMaximumDurationIsAtMostTenYears() {
        assertThatThrownBy(
                        () ->
                                RecordCopy.with(
                                        TemperatureThresholds.DEFAULTS,
                                        "drinkingMaxDuration",
                                        Duration.parse("P106751991200D")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the drinking maximum duration must be positive and at most P3650D");
        assertThatCode(
                        () ->
                                RecordCopy.with(
                                        TemperatureThresholds.DEFAULTS,
                                        "drinkingMaxDuration",
                                        Duration.ofDays(3650)))
                .doesNotThrowAnyException();
    }

    @Test
    void aWindowOfMillionsOfYearsIsRefusedWithItsMessage() {
        // Duration.toMillis of it threw ArithmeticException before the longest was checked.
        assertThatThrownBy(
                        () ->
                                RecordCopy.with(
                                        BaselineThresholds.DEFAULTS,
                                        "ruminationSpan",
                                        Duration.parse("P106751991200D")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the rumination span must be whole hours, from PT1H to PT48H");
    }
}
