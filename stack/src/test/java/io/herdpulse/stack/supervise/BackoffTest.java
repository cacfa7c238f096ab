package io.herdpulse.stack.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Instant T0 = Instant.parse("2026-12-02T06:00:00Z");
    private final Backoff fresh = Backoff.fresh(Duration.ofSeconds(1), Duration.ofSeconds(60));

    @Test
    void theFirstRestartIsImmediate() {
        assertThat(fresh.allows(T0)).isTrue();
    }

    @Test
    void waitsDoubleAfterEachAttemptUpToTheMaximum() {
        Backoff backoff = fresh;
        Instant now = T0;
        long[] expectedSeconds = {1, 2, 4, 8, 16, 32, 60, 60};
        for (long seconds : expectedSeconds) {
            backoff = backoff.attempted(now);
            assertThat(backoff.delay()).isEqualTo(Duration.ofSeconds(seconds));
            assertThat(backoff.allows(now.plusSeconds(seconds).minusMillis(1))).isFalse();
            now = now.plusSeconds(seconds);
            assertThat(backoff.allows(now)).isTrue();
        }
    }

    @Test
    void aComponentRunningTheMaximumWaitAfterItsLastStartIsForgiven() {
        Backoff backoff = fresh.attempted(T0).attempted(T0.plusSeconds(1));

        assertThat(backoff.forgivenAt(T0.plusSeconds(1 + 59))).isFalse();
        assertThat(backoff.forgivenAt(T0.plusSeconds(1 + 60))).isTrue();
    }
}
