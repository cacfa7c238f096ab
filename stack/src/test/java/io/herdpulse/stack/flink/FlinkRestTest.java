package io.herdpulse.stack.flink;

import static org.assertj.core.api.Assertions.assertThat;

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
}
