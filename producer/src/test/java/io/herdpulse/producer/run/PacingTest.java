package io.herdpulse.producer.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class PacingTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final InstantSource CLOCK = InstantSource.fixed(NOW);

    @Test
    void withoutLimitsEveryRecordGoesAtOnce() {
        Pacing pacing = Pacing.asFastAsPossible();

        assertThat(pacing.waitBefore(0, NOW.plusSeconds(3600))).isZero();
        assertThat(pacing.waitBefore(1_000_000, NOW.plusSeconds(7200))).isZero();
    }

    @Test
    void aRecordIsNeverSentBeforeItsEventTime() {
        Pacing pacing = Pacing.of(0, 0, true, CLOCK);

        assertThat(pacing.waitBefore(0, NOW.minus(Duration.ofDays(7)))).isZero();
        assertThat(pacing.waitBefore(1, NOW)).isZero();
        assertThat(pacing.waitBefore(2, NOW.plusSeconds(90))).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void aRateSpacesRecordsEvenly() {
        Pacing pacing = Pacing.of(100, 0, false, CLOCK);

        assertThat(pacing.waitBefore(0, NOW)).isZero();
        Duration wait = pacing.waitBefore(200, NOW);
        assertThat(wait).isBetween(Duration.ofMillis(1900), Duration.ofMillis(2000));
    }

    @Test
    void aSpeedRunsEventTimeThatManyTimesFasterThanTheWallClock() {
        Pacing pacing = Pacing.of(0, 60, true, CLOCK);
        Instant weekAgo = NOW.minus(Duration.ofDays(7));

        assertThat(pacing.waitBefore(0, weekAgo)).isZero();
        Duration wait = pacing.waitBefore(1, weekAgo.plus(Duration.ofMinutes(10)));
        assertThat(wait).isBetween(Duration.ofMillis(9900), Duration.ofSeconds(10));
    }

    @Test
    void aRecordFurtherAheadThanNanosecondsHoldWaitsTheLongestItCanNotNone() {
        // simulate --start 2400-01-01T00:00:00Z: each reading is 374 years ahead of the clock.
        Instant farAhead = NOW.plus(Duration.ofDays(400 * 365));

        assertThat(Pacing.of(0, 0, true, CLOCK).waitBefore(0, farAhead))
                .isEqualTo(Duration.ofMillis(Long.MAX_VALUE / 1_000_000));
    }

    @Test
    void aStopWakesAWaitingRun() {
        StopSignal stop = new StopSignal();
        new Thread(stop::request).start();

        long start = System.nanoTime();
        assertThat(stop.await(Duration.ofMinutes(1))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
}
