package io.herdpulse.stack.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A process that runs is dead for the supervisor only once it has failed every look for a whole
 * minute after its start, never for a pause that a registration, a collection, a restart or a slow
 * start explains.
 */
class HungTest {
    private static final Instant NOW = Instant.parse("2026-12-04T14:00:00Z");
    private static final Duration STARTING = Duration.ofSeconds(90);
    private static final Optional<Hung.Seen> LONG_RUNNING =
            Optional.of(new Hung.Seen(42, NOW.minus(Duration.ofHours(1))));
    private static final Optional<Hung.Seen> GONE = Optional.empty();

    private final MutableClock clock = new MutableClock(NOW);
    private final Hung process = new Hung(clock, STARTING);

    @Test
    void aRunningProcessFoundWantingForAMinuteIsHung() {
        assertThat(process.hung(LONG_RUNNING, true)).isFalse();
        clock.advance(Hung.LIMIT.minusSeconds(1));
        assertThat(process.hung(LONG_RUNNING, true)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(process.hung(LONG_RUNNING, true)).isTrue();
    }

    @Test
    void aGoodLookInBetweenStartsTheMinuteAgain() {
        process.hung(LONG_RUNNING, true);
        clock.advance(Duration.ofSeconds(50));
        assertThat(process.hung(LONG_RUNNING, false)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(process.hung(LONG_RUNNING, true)).isFalse();
        clock.advance(Duration.ofSeconds(59));
        assertThat(process.hung(LONG_RUNNING, true)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(process.hung(LONG_RUNNING, true)).isTrue();
    }

    @Test
    void aProcessThatIsGoneIsNotHungButDead() {
        process.hung(LONG_RUNNING, true);
        clock.advance(Duration.ofMinutes(5));
        assertThat(process.hung(GONE, true)).isFalse();
    }

    @Test
    void aNewProcessStartsItsOwnMinuteThoughNoLookSawItGone() {
        Optional<Hung.Seen> successor =
                Optional.of(new Hung.Seen(43, NOW.minus(Duration.ofMinutes(10))));
        process.hung(LONG_RUNNING, true);
        clock.advance(Duration.ofSeconds(50));
        assertThat(process.hung(successor, true)).isFalse();
        clock.advance(Duration.ofSeconds(59));
        assertThat(process.hung(successor, true)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(process.hung(successor, true)).isTrue();
    }

    @Test
    void aNewProcessThatGotTheOldOnesPidIsStillStarting() {
        process.hung(LONG_RUNNING, false);
        clock.advance(Duration.ofSeconds(10));
        Optional<Hung.Seen> samePidNewStart = Optional.of(new Hung.Seen(42, clock.instant()));
        assertThat(process.hung(samePidNewStart, true)).isFalse();
        clock.advance(Hung.LIMIT);
        assertThat(process.hung(samePidNewStart, true)).isFalse();
        clock.advance(STARTING);
        assertThat(process.hung(samePidNewStart, true)).isTrue();
    }

    @Test
    void aYoungProcessThatAnsweredOnceIsCountedFromItsFirstFailedLook() {
        Optional<Hung.Seen> young = Optional.of(new Hung.Seen(45, NOW));
        assertThat(process.hung(young, false)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(process.hung(young, true)).isFalse();
        clock.advance(Hung.LIMIT);
        assertThat(process.hung(young, true)).isTrue();
    }

    @Test
    void aProcessStillStartingIsNotHungUntilAMinuteAfterItsStartTimeIsOver() {
        // A broker recovering its logs does not listen yet: every look fails from its start.
        Optional<Hung.Seen> starting = Optional.of(new Hung.Seen(44, NOW));
        assertThat(process.hung(starting, true)).isFalse();
        clock.advance(STARTING.plus(Hung.LIMIT).minusSeconds(1));
        assertThat(process.hung(starting, true)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(process.hung(starting, true)).isTrue();
    }
}
