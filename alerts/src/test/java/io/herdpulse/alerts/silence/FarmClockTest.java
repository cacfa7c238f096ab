package io.herdpulse.alerts.silence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FarmClockTest {
    private static final long MINUTE = 60_000;
    private static final long T0 = Instant.parse("2026-03-01T06:00:00Z").toEpochMilli();

    private final FarmClock clock = new FarmClock();

    @Test
    void aReportIsKnownAtTheEndOfItsMinuteAndOnlySinceItsMinute() {
        clock.saw("farm-A", T0 + 5 * MINUTE + 30_000);

        assertThat(clock.reportKnownAt("farm-A", T0)).isEqualTo(T0 + 6 * MINUTE - 1);
        assertThat(clock.reportKnownAt("farm-A", T0 + 5 * MINUTE + 59_999))
                .isEqualTo(T0 + 6 * MINUTE - 1);
        assertThat(clock.reportKnownAt("farm-A", T0 + 6 * MINUTE)).isNull();
        assertThat(clock.reportKnownAt("farm-B", T0)).isNull();
    }

    @Test
    void theFirstReportSinceCountsWhateverOrderTheyCameIn() {
        clock.saw("farm-A", T0 + 50 * MINUTE);
        clock.saw("farm-A", T0 + 20 * MINUTE);
        clock.saw("farm-A", T0 + 35 * MINUTE);

        assertThat(clock.reportKnownAt("farm-A", T0 + 21 * MINUTE)).isEqualTo(T0 + 36 * MINUTE - 1);
    }

    @Test
    void minutesForgottenCountAsNotReportedHoweverFarTheReadingsRunAhead() {
        clock.saw("farm-A", T0 + 10 * MINUTE);
        clock.saw("farm-A", T0 + Duration.ofDays(30).toMillis());
        clock.saw("farm-A", T0 + 90 * MINUTE);

        assertThat(clock.reportKnownAt("farm-A", T0)).isEqualTo(T0 + 11 * MINUTE - 1);

        clock.forgetBefore(T0 + 60 * MINUTE);
        clock.saw("farm-A", T0 + 20 * MINUTE); // arriving now, already forgotten

        assertThat(clock.reportKnownAt("farm-A", T0)).isEqualTo(T0 + 91 * MINUTE - 1);
    }

    @Test
    void aFarmWhoseMinutesAreAllForgottenIsNoLongerCheckpointed() {
        for (int farm = 0; farm < 1_000; farm++) {
            clock.saw("farm-" + farm, T0 + farm * MINUTE);
        }
        clock.saw("farm-kept", T0 + Duration.ofDays(8).toMillis());

        clock.forgetBefore(T0 + Duration.ofDays(8).toMillis());

        assertThat(clock.snapshot())
                .extracting(FarmClock.Minutes::farmId)
                .containsExactly("farm-kept");
        assertThat(clock.reportKnownAt("farm-0", T0)).isNull();
    }

    @Test
    void aReadingBeforeTheFarmsFirstIsRemembered() {
        clock.saw("farm-A", T0 + 500 * MINUTE);
        clock.saw("farm-A", T0 + 3 * MINUTE);

        assertThat(clock.reportKnownAt("farm-A", T0)).isEqualTo(T0 + 4 * MINUTE - 1);
    }

    @Test
    void aRestoredClockKnowsTheSameMinutesAndMergesFarmsOfSeveralInstances() {
        clock.saw("farm-A", T0 + 3 * MINUTE);
        clock.saw("farm-A", T0 + 90 * MINUTE);
        FarmClock other = new FarmClock();
        other.saw("farm-A", T0 + 40 * MINUTE);

        FarmClock restored = new FarmClock();
        clock.snapshot().forEach(restored::restore);
        other.snapshot().forEach(restored::restore);

        assertThat(restored.reportKnownAt("farm-A", T0)).isEqualTo(T0 + 4 * MINUTE - 1);
        assertThat(restored.reportKnownAt("farm-A", T0 + 4 * MINUTE))
                .isEqualTo(T0 + 41 * MINUTE - 1);
        assertThat(restored.reportKnownAt("farm-A", T0 + 41 * MINUTE))
                .isEqualTo(T0 + 91 * MINUTE - 1);
    }

    @Test
    void aSavepointOfAnEarlierVersionRestoresTheFarmsLatestReading() {
        FarmClock restored = new FarmClock();
        restored.restore(new FarmClock.Latest("farm-A", T0 + 7 * MINUTE));

        assertThat(restored.reportKnownAt("farm-A", T0)).isEqualTo(T0 + 8 * MINUTE - 1);
    }
}
