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
    private static final LastSeen LATEST = new LastSeen("farm-A", LAST_READING, Long.MAX_VALUE);

    private final SilenceRule rule =
            new SilenceRule(new SilenceThresholds(3), INTERVAL, new FarmClock());

    @Test
    void aReadingAsksToBeLookedAtOnTheDeadline() {
        assertThat(rule.wakeAt(null, LATEST, LAST_READING, new OpenKinds())).isEqualTo(DEADLINE);
    }

    @Test
    void aWakeUpWhileTheFarmIsQuietAsksForTheNextPollOneSpanLater() {
        assertThat(rule.wakeAt(null, LATEST, DEADLINE, new OpenKinds())).isEqualTo(DEADLINE + SPAN);
    }

    @Test
    void aWatermarkFarAheadSkipsThePollsBeforeIt() {
        long watermark = DEADLINE + 100 * SPAN + 1;

        assertThat(rule.wakeAt(null, LATEST, watermark, new OpenKinds()))
                .isEqualTo(DEADLINE + 101 * SPAN);
    }

    @Test
    void theEndOfInputAsksForNoPollAtAll() {
        assertThat(rule.wakeAt(null, LATEST, Long.MAX_VALUE, new OpenKinds()))
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void anOpenSilenceAlertWaitsForTheNextReading() {
        AlertLog silent = new OpenKinds();
        silent.start(AlertKind.SENSOR_SILENT, Instant.ofEpochMilli(DEADLINE), null, null, null);

        assertThat(rule.wakeAt(null, LATEST, DEADLINE, silent)).isEqualTo(Long.MAX_VALUE);
    }
}
