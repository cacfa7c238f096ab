package io.herdpulse.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AlertOptionsTest {

    @Test
    void withoutOptionsTheThresholdsAreDesignDefaults() {
        AlertThresholds parsed = DetectorHarness.thresholds();

        assertThat(parsed).isEqualTo(AlertThresholds.defaults());
        // DESIGN.md's alert table, read by a person, not by the code under test.
        assertThat(parsed.feverC()).isEqualTo(39.7);
        assertThat(parsed.feverEndC()).isEqualTo(39.5);
        assertThat(parsed.hypothermiaC()).isEqualTo(37.5);
        assertThat(parsed.hypothermiaEndC()).isEqualTo(38.0);
        assertThat(parsed.consecutiveReadings()).isEqualTo(3);
        assertThat(parsed.drinkingDropC()).isEqualTo(2.0);
        assertThat(parsed.drinkingRecoveryC()).isEqualTo(1.0);
        assertThat(parsed.drinkingMedianReadings()).isEqualTo(6);
        assertThat(parsed.lowRuminationRatio()).isEqualTo(0.6);
        assertThat(parsed.lowRuminationEndRatio()).isEqualTo(0.8);
        assertThat(parsed.ruminationSpan()).isEqualTo(Duration.ofHours(24));
        assertThat(parsed.highActivityRatio()).isEqualTo(2.5);
        assertThat(parsed.highActivityEndRatio()).isEqualTo(1.5);
        assertThat(parsed.activitySpan()).isEqualTo(Duration.ofHours(2));
        assertThat(parsed.baselineDays()).isEqualTo(7);
        assertThat(parsed.minHistoryDays()).isEqualTo(3);
        assertThat(parsed.lowPh()).isEqualTo(5.8);
        assertThat(parsed.lowPhDuration()).isEqualTo(Duration.ofHours(3));
        assertThat(parsed.lowPhEndDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(parsed.lowPhWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(parsed.silentSpan()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void optionsOverrideTheirThreshold() {
        AlertThresholds parsed =
                DetectorHarness.thresholds(
                        "--fever-c=40.0", "--sensor-interval=PT1M", "--activity-span=PT3H");

        assertThat(parsed.feverC()).isEqualTo(40.0);
        assertThat(parsed.silentSpan()).isEqualTo(Duration.ofMinutes(3));
        assertThat(parsed.hourlyBuckets()).isEqualTo(25);
    }

    @Test
    void anInconsistentCombinationIsAOneLineUsageError() {
        assertThatThrownBy(() -> DetectorHarness.thresholds("--fever-c=39.0"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage(
                        "Invalid alert options: the fever end threshold must not exceed the fever threshold");
        assertThatThrownBy(() -> DetectorHarness.thresholds("--rumination-span=PT90M"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("whole hours");
    }
}
