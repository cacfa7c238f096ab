package io.herdpulse.job.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.job.ingest.KafkaPosition;
import io.herdpulse.job.ingest.SourcedReading;
import io.herdpulse.model.Reading;
import io.herdpulse.model.validation.RejectReason;
import java.time.Instant;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class RouteRejectedTest {

    @Test
    void sendsValidReadingsOnAndRejectionsToTheSideOutput() throws Exception {
        SourcedReading reading =
                new SourcedReading(
                        new KafkaPosition("t", 0, 1),
                        new byte[] {1},
                        new Reading(
                                1,
                                "6f1c2a4e-8d0b-4b7e-9a51-3c2d1e0f9a8b",
                                "f",
                                "a",
                                "s",
                                Instant.parse("2026-03-01T10:00:00Z"),
                                38,
                                1,
                                1,
                                null,
                                null),
                        SourcedReading.NOT_STAMPED);
        Rejected rejected =
                new Rejected(
                        new KafkaPosition("t", 1, 2),
                        RejectReason.OUT_OF_RANGE,
                        "rumenTempC 99.0 is outside 20.0 to 45.0",
                        new byte[] {2},
                        Instant.parse("2026-03-01T10:00:01Z"));

        try (OneInputStreamOperatorTestHarness<Validated, SourcedReading> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new RouteRejected())) {
            harness.processElement(Validated.valid(reading), 100L);
            harness.processElement(Validated.rejected(rejected), Long.MIN_VALUE);

            assertThat(harness.extractOutputValues()).containsExactly(reading);
            assertThat(harness.getSideOutput(RouteRejected.REJECTED))
                    .extracting(StreamRecord::getValue)
                    .containsExactly(rejected);
        }
    }
}
