package io.herdpulse.stack.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BusiestTaskManagerTest {

    @Test
    void aTaskManagerThatHasNotReportedItsSlotsYetIsNotTheOneTheJobRunsOn() {
        assertThat(
                        FlinkCluster.busiest(
                                Map.of(
                                        "standby", new FlinkRest.Slots(0, 0),
                                        "running", new FlinkRest.Slots(2, 0))))
                .contains("running");
    }

    @Test
    void theJobRunsOnTheTaskManagerWithTheMostUsedSlots() {
        assertThat(
                        FlinkCluster.busiest(
                                Map.of(
                                        "one task", new FlinkRest.Slots(2, 1),
                                        "two tasks", new FlinkRest.Slots(2, 0))))
                .contains("two tasks");
    }

    @Test
    void noTaskManagerRunsTheJobWhileEverySlotIsFree() {
        assertThat(
                        FlinkCluster.busiest(
                                Map.of(
                                        "a", new FlinkRest.Slots(2, 2),
                                        "b", new FlinkRest.Slots(0, 0))))
                .isEmpty();
    }
}
