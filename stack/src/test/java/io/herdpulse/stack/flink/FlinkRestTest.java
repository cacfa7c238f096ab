package io.herdpulse.stack.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the drills read of a job's failures: their times, not a restart count served late. */
class FlinkRestTest {
    private static final Instant BACK = Instant.parse("2026-12-02T14:00:27.900Z");

    @Test
    void failuresAreCountedByTheirTimeInTheExceptionHistory() throws Exception {
        JsonNode exceptions =
                new ObjectMapper()
                        .readTree(
                                """
                                {"exceptionHistory": {"entries": [
                                  {"timestamp": %d, "stacktrace": "java.io.IOException: again"},
                                  {"timestamp": %d, "stacktrace": "java.io.IOException: at once"},
                                  {"timestamp": %d, "stacktrace": "java.io.IOException: down"},
                                  {"timestamp": %d, "stacktrace": "java.io.IOException: down"}
                                ], "truncated": false}}
                                """
                                        .formatted(
                                                BACK.plusSeconds(4).toEpochMilli(),
                                                BACK.plusMillis(1).toEpochMilli(),
                                                BACK.minusMillis(825).toEpochMilli(),
                                                BACK.minusSeconds(19).toEpochMilli()));

        assertThat(FlinkRest.failuresSince(exceptions, BACK)).isEqualTo(2);
        assertThat(FlinkRest.failuresSince(exceptions, Instant.MIN)).isEqualTo(4);
    }

    @Test
    void aJobThatNeverFailedHasNoFailures() throws Exception {
        JsonNode exceptions =
                new ObjectMapper()
                        .readTree(
                                "{\"exceptionHistory\": {\"entries\": [], \"truncated\": false}}");

        assertThat(FlinkRest.failuresSince(exceptions, BACK)).isZero();
    }
}
