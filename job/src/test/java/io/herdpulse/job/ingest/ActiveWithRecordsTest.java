package io.herdpulse.job.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ActiveWithRecordsTest {

    @Test
    void anIdleSubtaskIsActiveAgainWithItsFirstRecordNotItsNextWatermark() throws Exception {
        try (OneInputStreamOperatorTestHarness<String, String> harness =
                new OneInputStreamOperatorTestHarness<>(new ActiveWithRecords<>())) {
            harness.open();
            harness.processElement(new StreamRecord<>("cow 1 at 10:00", 36_000_000L));
            harness.processWatermark(new Watermark(35_990_000L));
            harness.processWatermarkStatus(WatermarkStatus.IDLE);
            harness.processElement(new StreamRecord<>("cow 1 at 13:00", 46_800_000L));
            // The source's own ACTIVE, with the watermark that ends its hold.
            harness.processWatermarkStatus(WatermarkStatus.ACTIVE);
            harness.processWatermark(new Watermark(46_790_000L));
            harness.processWatermarkStatus(WatermarkStatus.IDLE);

            assertThat(harness.getOutput())
                    .containsExactly(
                            new StreamRecord<>("cow 1 at 10:00", 36_000_000L),
                            new Watermark(35_990_000L),
                            WatermarkStatus.IDLE,
                            WatermarkStatus.ACTIVE,
                            new StreamRecord<>("cow 1 at 13:00", 46_800_000L),
                            new Watermark(46_790_000L),
                            WatermarkStatus.IDLE);
        }
    }

    @Test
    void endsABoundedRunWithTheGreatestWatermarkThatTheIdleSourceCouldNotPassOn() throws Exception {
        try (OneInputStreamOperatorTestHarness<String, String> harness =
                new OneInputStreamOperatorTestHarness<>(new ActiveWithRecords<>())) {
            harness.open();
            harness.processWatermarkStatus(WatermarkStatus.IDLE);
            harness.processElement(new StreamRecord<>("cow 1 at 13:00", 46_800_000L));
            harness.endInput();

            assertThat(harness.getOutput())
                    .containsExactly(
                            WatermarkStatus.IDLE,
                            WatermarkStatus.ACTIVE,
                            new StreamRecord<>("cow 1 at 13:00", 46_800_000L),
                            Watermark.MAX_WATERMARK);
        }
    }

    @Test
    void addsNothingToTheEndOfARunWhoseSourceWasActive() throws Exception {
        try (OneInputStreamOperatorTestHarness<String, String> harness =
                new OneInputStreamOperatorTestHarness<>(new ActiveWithRecords<>())) {
            harness.open();
            harness.processElement(new StreamRecord<>("cow 1 at 13:00", 46_800_000L));
            harness.processWatermark(Watermark.MAX_WATERMARK);
            harness.endInput();

            assertThat(harness.getOutput())
                    .containsExactly(
                            new StreamRecord<>("cow 1 at 13:00", 46_800_000L),
                            Watermark.MAX_WATERMARK);
        }
    }
}
