package io.herdpulse.stack.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A process that runs is dead for the supervisor only once it has failed every look for a whole
 * minute, never for a pause that a registration, a collection or a restart explains.
 */
class HungTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T14:00:00Z"));
    private final Hung process = new Hung(clock);

    @Test
    void aRunningProcessFoundWantingForAMinuteIsHung() {
        assertThat(process.hung(true, true)).isFalse();
        clock.advance(Hung.LIMIT.minusSeconds(1));
        assertThat(process.hung(true, true)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(process.hung(true, true)).isTrue();
    }

    @Test
    void aGoodLookInBetweenStartsTheMinuteAgain() {
        process.hung(true, true);
        clock.advance(Duration.ofSeconds(50));
        assertThat(process.hung(true, false)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(process.hung(true, true)).isFalse();
        clock.advance(Duration.ofSeconds(59));
        assertThat(process.hung(true, true)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(process.hung(true, true)).isTrue();
    }

    @Test
    void aProcessThatIsGoneIsNotHungButDead() {
        process.hung(true, true);
        clock.advance(Duration.ofMinutes(5));
        assertThat(process.hung(false, true)).isFalse();
    }

    @Test
    void aRestartedProcessStartsItsOwnMinute() {
        process.hung(true, true);
        clock.advance(Duration.ofMinutes(5));
        process.hung(false, true);
        assertThat(process.hung(true, true)).isFalse();
        clock.advance(Hung.LIMIT);
        assertThat(process.hung(true, true)).isTrue();
    }
}
