package io.herdpulse.stack.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BusiestTaskManagerTest {

    @Test
    void theJobRunsMostOnTheTaskManagerWithTheMostRunningTasks() {
        assertThat(FlinkCluster.busiest(Map.of("one task", 1, "two tasks", 2)))
                .contains("two tasks");
    }

    @Test
    void noTaskManagerRunsTheJobWhileNoTaskRuns() {
        assertThat(FlinkCluster.busiest(Map.of())).isEmpty();
    }

    /**
     * A TaskManager whose slot the adaptive scheduler holds for the job before it rescales onto it
     * runs none of its tasks; tasks still deploying or cancelling are not running either.
     */
    @Test
    void onlyRunningTasksCountAcrossTheJobsVertices() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, Integer> running = new LinkedHashMap<>();
        FlinkRest.countRunning(
                json.readTree(
                        """
                        {"taskmanagers": [
                          {"taskmanager-id": "flink-taskmanager", "status-counts": {"RUNNING": 1}},
                          {"taskmanager-id": "flink-taskmanager-2", "status-counts": {"DEPLOYING": 1}}
                        ]}"""),
                running);
        FlinkRest.countRunning(
                json.readTree(
                        """
                        {"taskmanagers": [
                          {"taskmanager-id": "flink-taskmanager", "status-counts": {"RUNNING": 2}},
                          {"taskmanager-id": "flink-taskmanager-2", "status-counts": {"CANCELING": 1}}
                        ]}"""),
                running);

        assertThat(running).containsExactly(Map.entry("flink-taskmanager", 3));
    }
}
