package io.herdpulse.stack.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.stack.flink.FlinkRest;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which of a job's failures after a kill are the dead TaskManager's, not a crash loop. */
class KilledTaskManagerTest {
    private static final String KILLED = "taskmanager-1";
    private static final Instant RESTARTED = Instant.parse("2026-12-03T18:00:20Z");

    private static FlinkRest.Failure failure(Instant at, String taskManagerId) {
        return new FlinkRest.Failure(at, Optional.ofNullable(taskManagerId));
    }

    @Test
    void aFailureOnTheDeadTaskManagerBeforeItsReplacementStartedIsTheKills() {
        assertThat(
                        KilledTaskManager.caused(
                                failure(RESTARTED.minusSeconds(19), KILLED),
                                KILLED,
                                Optional.of(RESTARTED)))
                .isTrue();
    }

    @Test
    void aFailureOnTheDeadTaskManagerWhileNoneRunsUnderItsIdIsTheKills() {
        assertThat(
                        KilledTaskManager.caused(
                                failure(RESTARTED.plusSeconds(60), KILLED),
                                KILLED,
                                Optional.empty()))
                .isTrue();
    }

    @Test
    void aFailureOnTheReplacementCounts() {
        assertThat(
                        KilledTaskManager.caused(
                                failure(RESTARTED.plusSeconds(3), KILLED),
                                KILLED,
                                Optional.of(RESTARTED)))
                .isFalse();
    }

    @Test
    void aFailureOnAnotherTaskManagerCounts() {
        assertThat(
                        KilledTaskManager.caused(
                                failure(RESTARTED.minusSeconds(19), "taskmanager-2"),
                                KILLED,
                                Optional.empty()))
                .isFalse();
    }

    @Test
    void aFailureOfTheWholeJobCounts() {
        assertThat(
                        KilledTaskManager.caused(
                                failure(RESTARTED.minusSeconds(19), null),
                                KILLED,
                                Optional.empty()))
                .isFalse();
    }
}
