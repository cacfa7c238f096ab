package io.herdpulse.job.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class NeverIdleTest {

    @Test
    void passesRecordsAndWatermarksOnButNeverAnIdleStatus() throws Exception {
        try (OneInputStreamOperatorTestHarness<String, String> harness =
                new OneInputStreamOperatorTestHarness<>(new NeverIdle<>())) {
            harness.open();
            harness.processElement(new StreamRecord<>("window 10:00 of cow 1", 59_999L));
            harness.processWatermark(new Watermark(60_000L));
            harness.processWatermarkStatus(WatermarkStatus.IDLE);
            harness.processWatermarkStatus(WatermarkStatus.ACTIVE);
            harness.processElement(new StreamRecord<>("window 10:01 of cow 1", 119_999L));
            harness.processWatermark(new Watermark(120_000L));

            assertThat(harness.getOutput())
                    .containsExactly(
                            new StreamRecord<>("window 10:00 of cow 1", 59_999L),
                            new Watermark(60_000L),
                            new StreamRecord<>("window 10:01 of cow 1", 119_999L),
                            new Watermark(120_000L));
        }
    }
}
