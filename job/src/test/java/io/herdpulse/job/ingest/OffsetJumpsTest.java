package io.herdpulse.job.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.job.validation.Metrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplitState;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetJumpsTest {
    private static final TopicPartition PARTITION = new TopicPartition("cow-health-data", 3);

    private final MetricListener metrics = new MetricListener();
    private final List<Long> emitted = new ArrayList<>();
    private final OffsetJumps<Long> jumps =
            new OffsetJumps<>(
                    (record, output, split) -> {
                        output.collect(record.offset());
                        split.setCurrentOffset(record.offset() + 1);
                    },
                    metrics.getMetricGroup());
    private final SourceOutput<Long> output = new Collected();

    @Test
    void offsetsThatFollowOnFromTheRestoredOneAreNoJump() throws Exception {
        KafkaPartitionSplitState split = restoredAt(30);

        emit(split, 30, 31, 32);

        assertThat(emitted).containsExactly(30L, 31L, 32L);
        assertThat(skipped()).isZero();
        assertThat(rewinds()).isZero();
    }

    @Test
    void offsetsRetentionDeletedBeforeTheyWereReadAreCountedSkipped() throws Exception {
        KafkaPartitionSplitState split = restoredAt(30);

        emit(split, 40, 41, 45, 46);

        assertThat(emitted).containsExactly(40L, 41L, 45L, 46L);
        assertThat(skipped()).isEqualTo(10 + 3);
        assertThat(rewinds()).isZero();
    }

    @Test
    void aTopicCreatedAgainIsARewindNotASkip() throws Exception {
        KafkaPartitionSplitState split = restoredAt(60);

        emit(split, 0, 1, 2);

        assertThat(emitted).containsExactly(0L, 1L, 2L);
        assertThat(rewinds()).isEqualTo(1);
        assertThat(skipped()).isZero();
    }

    @Test
    void aSplitStartedAtEarliestLatestOrCommittedFollowsOnFromItsFirstRecord() throws Exception {
        for (long marker :
                List.of(
                        KafkaPartitionSplit.EARLIEST_OFFSET,
                        KafkaPartitionSplit.LATEST_OFFSET,
                        KafkaPartitionSplit.COMMITTED_OFFSET)) {
            emit(
                    new KafkaPartitionSplitState(new KafkaPartitionSplit(PARTITION, marker)),
                    500,
                    501);
        }

        assertThat(skipped()).isZero();
        assertThat(rewinds()).isZero();
    }

    @Test
    void bothCountersExistBeforeAnyJumpSoThatADashboardShowsZeros() {
        assertThat(skipped()).isZero();
        assertThat(rewinds()).isZero();
    }

    private static KafkaPartitionSplitState restoredAt(long offset) {
        return new KafkaPartitionSplitState(new KafkaPartitionSplit(PARTITION, offset));
    }

    private void emit(KafkaPartitionSplitState split, long... offsets) throws Exception {
        for (long offset : offsets) {
            jumps.emitRecord(
                    new ConsumerRecord<>(
                            PARTITION.topic(), PARTITION.partition(), offset, new byte[0], null),
                    output,
                    split);
        }
    }

    private long skipped() {
        return metrics.getCounter(Metrics.GROUP, Metrics.OFFSETS_SKIPPED).orElseThrow().getCount();
    }

    private long rewinds() {
        return metrics.getCounter(Metrics.GROUP, Metrics.PARTITION_REWINDS)
                .orElseThrow()
                .getCount();
    }

    private final class Collected implements SourceOutput<Long> {
        @Override
        public void collect(Long record) {
            emitted.add(record);
        }

        @Override
        public void collect(Long record, long timestamp) {
            emitted.add(record);
        }

        @Override
        public void emitWatermark(Watermark watermark) {}

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
    }
}
