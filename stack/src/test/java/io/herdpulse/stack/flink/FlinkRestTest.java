package io.herdpulse.stack.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the drills read of a job's failures: their times and places, not a restart count served
 * late.
 */
class FlinkRestTest {
    private static final Instant AT = Instant.parse("2026-12-02T14:00:27.900Z");

    @Test
    void failuresAreReadWithTheirTimeAndTheTaskManagerTheyHappenedOn() throws Exception {
        var exceptions =
                new ObjectMapper()
                        .readTree(
                                """
                                {"exceptionHistory": {"entries": [
                                  {"timestamp": %d, "stacktrace": "java.io.IOException: again",
                                   "taskName": "window (1/2)", "taskManagerId": "taskmanager-2"},
                                  {"timestamp": %d, "stacktrace": "java.io.IOException: whole job",
                                   "taskManagerId": null},
                                  {"timestamp": %d, "stacktrace": "java.io.IOException: older"}
                                ], "truncated": false}}
                                """
                                        .formatted(
                                                AT.plusSeconds(4).toEpochMilli(),
                                                AT.plusMillis(1).toEpochMilli(),
                                                AT.minusSeconds(19).toEpochMilli()));

        assertThat(FlinkRest.failures(exceptions))
                .containsExactly(
                        new FlinkRest.Failure(AT.plusSeconds(4), Optional.of("taskmanager-2")),
                        new FlinkRest.Failure(AT.plusMillis(1), Optional.empty()),
                        new FlinkRest.Failure(AT.minusSeconds(19), Optional.empty()));
    }

    @Test
    void aJobThatNeverFailedHasNoFailures() throws Exception {
        var exceptions =
                new ObjectMapper()
                        .readTree(
                                "{\"exceptionHistory\": {\"entries\": [], \"truncated\": false}}");

        assertThat(FlinkRest.failures(exceptions)).isEmpty();
    }

    @Test
    void aJobRunsSinceItsEarliestTaskWasDeployedOnceEveryTaskRuns() throws Exception {
        assertThat(FlinkRest.runningSince(details(2, 2, AT.plusSeconds(3), AT.plusMillis(40))))
                .contains(AT.plusMillis(40));
    }

    @Test
    void aJobWithATaskNotYetRunningDoesNotRun() throws Exception {
        assertThat(FlinkRest.runningSince(details(2, 1, AT.plusSeconds(3), AT.plusMillis(40))))
                .isEmpty();
    }

    /** A job of two vertices of parallelism 2, the second with {@code running} tasks running. */
    private static JsonNode details(
            int parallelism, int running, Instant firstDeployed, Instant secondDeployed)
            throws Exception {
        return new ObjectMapper()
                .readTree(
                        """
                        {"state": "RUNNING", "vertices": [
                          {"name": "source", "parallelism": %d, "start-time": %d,
                           "tasks": {"RUNNING": %d, "DEPLOYING": 0}},
                          {"name": "window", "parallelism": %d, "start-time": %d,
                           "tasks": {"RUNNING": %d, "DEPLOYING": %d}}
                        ]}
                        """
                                .formatted(
                                        parallelism,
                                        firstDeployed.toEpochMilli(),
                                        parallelism,
                                        parallelism,
                                        secondDeployed.toEpochMilli(),
                                        running,
                                        parallelism - running));
    }
}
