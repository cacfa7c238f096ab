package io.herdpulse.job.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.job.ingest.KafkaPosition;
import io.herdpulse.job.ingest.SourcedReading;
import io.herdpulse.job.validation.Rejected;
import io.herdpulse.model.Reading;
import io.herdpulse.model.validation.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeduplicateReadingsTest {
    private static final Duration TTL = Duration.ofDays(3);
    private static final String ID_1 = "00000000-0000-4000-8000-000000000001";
    private static final String ID_2 = "00000000-0000-4000-8000-000000000002";

    private KeyedOneInputStreamOperatorTestHarness<String, SourcedReading, SourcedReading> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new DeduplicateReadings(TTL),
                        reading -> reading.reading().readingId(),
                        Types.STRING);
        harness.setStateTtlProcessingTime(0);
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    private static SourcedReading reading(String readingId, long offset) {
        byte[] payload = ("payload " + offset).getBytes(StandardCharsets.UTF_8);
        return new SourcedReading(
                new KafkaPosition("cow-health-data", 0, offset),
                payload,
                new Reading(
                        1,
                        readingId,
                        "farm-1",
                        "cow-1",
                        "bolus-1",
                        Instant.parse("2026-03-01T10:00:00Z"),
                        38.5,
                        1,
                        1,
                        null,
                        null));
    }

    @Test
    void passesTheFirstReadingOfAnIdAndRejectsTheRestAsDuplicates() throws Exception {
        harness.setProcessingTime(5_000);
        harness.processElement(reading(ID_1, 1), 10);
        harness.processElement(reading(ID_2, 2), 10);
        harness.processElement(reading(ID_1, 3), 10);
        harness.processElement(reading(ID_1, 4), 10);

        assertThat(harness.extractOutputValues())
                .containsExactly(reading(ID_1, 1), reading(ID_2, 2));
        assertThat(harness.getSideOutput(DeduplicateReadings.DUPLICATES))
                .extracting(StreamRecord::getValue)
                .containsExactly(duplicate(3), duplicate(4));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    private static Rejected duplicate(long offset) {
        return new Rejected(
                new KafkaPosition("cow-health-data", 0, offset),
                RejectReason.DUPLICATE,
                "readingId " + ID_1 + " was already received",
                ("payload " + offset).getBytes(StandardCharsets.UTF_8),
                Instant.ofEpochMilli(5_000));
    }

    @Test
    void forgetsAnIdOnceItsTtlExpiredAndClearsItsState() throws Exception {
        harness.processElement(reading(ID_1, 1), 10);

        harness.setStateTtlProcessingTime(TTL.toMillis() - 1);
        harness.processElement(reading(ID_1, 2), 10);
        assertThat(harness.getSideOutput(DeduplicateReadings.DUPLICATES)).hasSize(1);

        harness.setStateTtlProcessingTime(TTL.toMillis());
        harness.processElement(reading(ID_1, 3), 10);

        assertThat(harness.extractOutputValues())
                .containsExactly(reading(ID_1, 1), reading(ID_1, 3));
        assertThat(harness.getSideOutput(DeduplicateReadings.DUPLICATES)).hasSize(1);

        // Records of other ids run the incremental cleanup, which walks all entries a few per
        // record and drops the expired ones, although the id is never read again.
        harness.setStateTtlProcessingTime(3 * TTL.toMillis());
        for (long offset = 4; offset < 10; offset++) {
            harness.processElement(reading(ID_2, offset), 10);
        }
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    }
}
