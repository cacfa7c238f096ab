package io.herdpulse.stack.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * A process that runs is dead for the supervisor only once it has failed every look for a whole
 * minute, never for a pause that a registration, a collection or a restart explains.
 */
class HungTest {
    private static final OptionalLong PID = OptionalLong.of(42);
    private static final OptionalLong GONE = OptionalLong.empty();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T14:00:00Z"));
    private final Hung process = new Hung(clock);

    @Test
    void aRunningProcessFoundWantingForAMinuteIsHung() {
        assertThat(process.hung(PID, true)).isFalse();
        clock.advance(Hung.LIMIT.minusSeconds(1));
        assertThat(process.hung(PID, true)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(process.hung(PID, true)).isTrue();
    }

    @Test
    void aGoodLookInBetweenStartsTheMinuteAgain() {
        process.hung(PID, true);
        clock.advance(Duration.ofSeconds(50));
        assertThat(process.hung(PID, false)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(process.hung(PID, true)).isFalse();
        clock.advance(Duration.ofSeconds(59));
        assertThat(process.hung(PID, true)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(process.hung(PID, true)).isTrue();
    }

    @Test
    void aProcessThatIsGoneIsNotHungButDead() {
        process.hung(PID, true);
        clock.advance(Duration.ofMinutes(5));
        assertThat(process.hung(GONE, true)).isFalse();
    }

    @Test
    void aNewProcessStartsItsOwnMinuteThoughNoLookSawItGone() {
        process.hung(PID, true);
        clock.advance(Duration.ofSeconds(50));
        assertThat(process.hung(OptionalLong.of(43), true)).isFalse();
        clock.advance(Duration.ofSeconds(59));
        assertThat(process.hung(OptionalLong.of(43), true)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(process.hung(OptionalLong.of(43), true)).isTrue();
    }
}
