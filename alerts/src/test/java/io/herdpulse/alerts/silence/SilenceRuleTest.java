package io.herdpulse.alerts.silence;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.alerts.AlertLog;
import io.herdpulse.alerts.OpenKinds;
import io.herdpulse.model.AlertKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When a silent animal is looked at again: the wake-ups the detector asks Flink for. */
class SilenceRuleTest {
    private static final Duration INTERVAL = Duration.ofMinutes(10);
    private static final long SPAN = INTERVAL.multipliedBy(3).toMillis();
    private static final long LAST_READING = Instant.parse("2026-03-01T06:00:00Z").toEpochMilli();
    private static final long DEADLINE = LAST_READING + SPAN;

    /** Her first poll: when the farm's reports of the deadline's minute are all in. */
    private static final long FIRST_POLL = DEADLINE + 59_999;

    private static final LastSeen LATEST = new LastSeen("farm-A", LAST_READING, Long.MAX_VALUE);

    private final FarmClock farms = new FarmClock();
    private final SilenceRule rule = new SilenceRule(new SilenceThresholds(3), INTERVAL, farms);

    @Test
    void aReadingAsksToBeLookedAtWhenItsDeadlinesMinuteIsOver() {
        assertThat(rule.wakeAt(null, LATEST, LAST_READING, new OpenKinds())).isEqualTo(FIRST_POLL);
    }

    @Test
    void aWakeUpWhileTheFarmIsQuietAsksForTheNextPollOneSpanLater() {
        assertThat(rule.wakeAt(null, LATEST, FIRST_POLL, new OpenKinds()))
                .isEqualTo(FIRST_POLL + SPAN);
    }

    @Test
    void aWatermarkFarAheadSkipsThePollsBeforeIt() {
        long watermark = FIRST_POLL + 100 * SPAN + 1;

        assertThat(rule.wakeAt(null, LATEST, watermark, new OpenKinds()))
                .isEqualTo(FIRST_POLL + 101 * SPAN);
    }

    @Test
    void theEndOfInputAsksForNoPollAtAll() {
        assertThat(rule.wakeAt(null, LATEST, Long.MAX_VALUE, new OpenKinds()))
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aFarmReportIsTakenAtThePollAfterItsMinuteEvenWhenTheWatermarkIsFarAhead() {
        farms.saw("farm-A", FIRST_POLL + 2 * SPAN + 1);
        long watermark = FIRST_POLL + 10 * SPAN;

        assertThat(rule.wakeAt(null, LATEST, watermark, new OpenKinds()))
                .isEqualTo(FIRST_POLL + 3 * SPAN);
    }

    @Test
    void aPollRaisesTheAlertOnlyForAFarmReportInItsPast() {
        farms.saw("farm-A", DEADLINE + 90_000);
        AlertLog log = new OpenKinds();

        rule.onWake(null, DEADLINE + 60_000, LATEST, log);
        assertThat(log.isActive(AlertKind.SENSOR_SILENT)).isFalse();

        rule.onWake(null, DEADLINE + 119_999, LATEST, log);
        assertThat(log.isActive(AlertKind.SENSOR_SILENT)).isTrue();
    }

    @Test
    void aFarmReportBeforeTheDeadlineDoesNotCount() {
        farms.saw("farm-A", DEADLINE - 60_001);
        AlertLog log = new OpenKinds();

        rule.onWake(null, DEADLINE + SPAN, LATEST, log);

        assertThat(log.isActive(AlertKind.SENSOR_SILENT)).isFalse();
    }

    @Test
    void anOpenSilenceAlertWaitsForTheNextReading() {
        AlertLog silent = new OpenKinds();
        silent.start(AlertKind.SENSOR_SILENT, Instant.ofEpochMilli(DEADLINE), null, null, null);

        assertThat(rule.wakeAt(null, LATEST, DEADLINE, silent)).isEqualTo(Long.MAX_VALUE);
    }
}
