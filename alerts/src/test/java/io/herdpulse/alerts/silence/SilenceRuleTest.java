package io.herdpulse.alerts.silence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herdpulse.alerts.AlertLog;
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
        assertThat(rule.wakeAt(null, LATEST, LAST_READING, NOTHING_OPEN)).isEqualTo(DEADLINE);
    }

    @Test
    void aWakeUpWhileTheFarmIsQuietAsksForTheNextPollOneSpanLater() {
        assertThat(rule.wakeAt(null, LATEST, DEADLINE, NOTHING_OPEN)).isEqualTo(DEADLINE + SPAN);
    }

    @Test
    void aWatermarkFarAheadSkipsThePollsBeforeIt() {
        long watermark = DEADLINE + 100 * SPAN + 1;

        assertThat(rule.wakeAt(null, LATEST, watermark, NOTHING_OPEN))
                .isEqualTo(DEADLINE + 101 * SPAN);
    }

    @Test
    void theEndOfInputAsksForNoPollAtAll() {
        assertThat(rule.wakeAt(null, LATEST, Long.MAX_VALUE, NOTHING_OPEN))
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void anOpenSilenceAlertWaitsForTheNextReading() {
        AlertLog silent =
                new NoAlertsOpen() {
                    @Override
                    public boolean isActive(AlertKind kind) {
                        return kind == AlertKind.SENSOR_SILENT;
                    }
                };

        assertThat(rule.wakeAt(null, LATEST, DEADLINE, silent)).isEqualTo(Long.MAX_VALUE);
    }

    private static final AlertLog NOTHING_OPEN = new NoAlertsOpen();

    private static class NoAlertsOpen implements AlertLog {
        @Override
        public boolean isActive(AlertKind kind) {
            return false;
        }

        @Override
        public void start(
                AlertKind kind,
                Instant startedAt,
                Double value,
                Double threshold,
                ObjectNode details) {
            throw new AssertionError("wakeAt starts nothing");
        }

        @Override
        public void end(AlertKind kind, Instant endedAt, ObjectNode details) {
            throw new AssertionError("wakeAt ends nothing");
        }
    }
}
