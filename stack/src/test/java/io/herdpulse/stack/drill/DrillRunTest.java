package io.herdpulse.stack.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herdpulse.stack.StackException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DrillRunTest {
    private final List<String> calls = new ArrayList<>();

    private String stopAnswering(int attempts, Deque<Optional<String>> answers) {
        return DrillRun.savepointOfStop(
                attempts,
                () -> {
                    calls.add("stop");
                    return answers.pop();
                },
                () -> calls.add("await running"));
    }

    @Test
    void aStopFlinkFailedIsTriedAgainOnceTheJobRunsAgain() {
        String savepoint =
                stopAnswering(
                        3, new ArrayDeque<>(List.of(Optional.empty(), Optional.of("file:/sp-1"))));

        assertThat(savepoint).isEqualTo("file:/sp-1");
        assertThat(calls).containsExactly("stop", "await running", "stop");
    }

    @Test
    void givesUpAfterItsAttemptsWithoutWaitingForARunAfterTheLast() {
        assertThatThrownBy(
                        () ->
                                stopAnswering(
                                        2,
                                        new ArrayDeque<>(
                                                List.of(Optional.empty(), Optional.empty()))))
                .isInstanceOf(StackException.class)
                .hasMessage("flink stop took no savepoint of the job in 2 attempts");
        assertThat(calls).containsExactly("stop", "await running", "stop");
    }
}
