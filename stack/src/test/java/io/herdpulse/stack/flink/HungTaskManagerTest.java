package io.herdpulse.stack.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.stack.supervise.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A TaskManager that runs is dead for the supervisor only once an answering JobManager has gone a
 * whole minute without it, never for a pause a registration or a JobManager's restart explains.
 */
class HungTaskManagerTest {
    private static final String ID = "flink-taskmanager-2";
    private static final Optional<List<String>> WITHOUT_IT =
            Optional.of(List.of("flink-taskmanager"));
    private static final Optional<List<String>> WITH_IT =
            Optional.of(List.of("flink-taskmanager", ID));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T14:00:00Z"));
    private final HungTaskManager taskManager = new HungTaskManager(ID, clock);

    @Test
    void aRunningTaskManagerUnregisteredForAMinuteIsHung() {
        assertThat(taskManager.hung(true, WITHOUT_IT)).isFalse();
        clock.advance(HungTaskManager.LIMIT.minusSeconds(1));
        assertThat(taskManager.hung(true, WITHOUT_IT)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(taskManager.hung(true, WITHOUT_IT)).isTrue();
    }

    @Test
    void aRegistrationInBetweenStartsTheMinuteAgain() {
        taskManager.hung(true, WITHOUT_IT);
        clock.advance(Duration.ofSeconds(50));
        assertThat(taskManager.hung(true, WITH_IT)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(taskManager.hung(true, WITHOUT_IT)).isFalse();
        clock.advance(Duration.ofSeconds(59));
        assertThat(taskManager.hung(true, WITHOUT_IT)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(taskManager.hung(true, WITHOUT_IT)).isTrue();
    }

    @Test
    void aJobManagerThatDoesNotAnswerSaysNothingOfItsTaskManagers() {
        taskManager.hung(true, WITHOUT_IT);
        clock.advance(Duration.ofSeconds(30));
        assertThat(taskManager.hung(true, Optional.empty())).isFalse();
        clock.advance(Duration.ofSeconds(45));
        assertThat(taskManager.hung(true, WITHOUT_IT)).isFalse();
    }

    @Test
    void aTaskManagerWhoseProcessIsGoneIsNotHungButDead() {
        taskManager.hung(true, WITHOUT_IT);
        clock.advance(Duration.ofMinutes(5));
        assertThat(taskManager.hung(false, WITHOUT_IT)).isFalse();
    }
}
