package io.herdpulse.job.ingest;

import io.herdpulse.job.validation.Metrics;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplitState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's record emitter, saying where a partition's offsets do not follow on from the last one
 * read (or the one restored): each record is emitted as before.
 *
 * <p>The consumer resets an offset the log no longer has without a word to the job: to the oldest
 * kept one when retention (or {@code deleteRecords}) removed readings the job had not read yet, a
 * jump forward past readings it never will; to the start of a topic deleted and created again, a
 * jump back to positions the job has written rejects for already (inserted or ignored by position).
 * Both are logged and counted ({@code offsetsSkipped}, {@code partitionRewinds} under {@code
 * herdpulse}), where before only the consumer's INFO line about the reset told.
 *
 * <p>The offsets of HerdPulse's topics follow on one by one: they are neither compacted nor written
 * in transactions. A transactional producer's commit marker takes an offset of its own, so on such
 * a topic each commit counts one skipped.
 */
final class OffsetJumps<T>
        implements RecordEmitter<ConsumerRecord<byte[], byte[]>, T, KafkaPartitionSplitState> {
    private static final Logger LOG = LoggerFactory.getLogger(OffsetJumps.class);

    private final RecordEmitter<ConsumerRecord<byte[], byte[]>, T, KafkaPartitionSplitState>
            emitter;
    private final Counter skipped;
    private final Counter rewinds;

    OffsetJumps(
            RecordEmitter<ConsumerRecord<byte[], byte[]>, T, KafkaPartitionSplitState> emitter,
            MetricGroup readerMetrics) {
        this.emitter = emitter;
        MetricGroup herdpulse = readerMetrics.addGroup(Metrics.GROUP);
        this.skipped = herdpulse.counter(Metrics.OFFSETS_SKIPPED);
        this.rewinds = herdpulse.counter(Metrics.PARTITION_REWINDS);
    }

    @Override
    public void emitRecord(
            ConsumerRecord<byte[], byte[]> record,
            SourceOutput<T> output,
            KafkaPartitionSplitState split)
            throws Exception {
        // Negative: a split not started yet from a position of its own (earliest, latest, the
        // group's committed offset), so there is nothing to follow on from.
        long expected = split.getCurrentOffset();
        if (expected >= 0 && record.offset() != expected) {
            jumped(split, expected, record.offset());
        }
        emitter.emitRecord(record, output, split);
    }

    private void jumped(KafkaPartitionSplitState split, long expected, long offset) {
        if (offset > expected) {
            skipped.inc(offset - expected);
            LOG.warn(
                    "{}: offsets {} to {} ({}) were never read: the log no longer had them when"
                            + " the job came to read them (retention or deleteRecords removed them"
                            + " first); the readings there are lost",
                    split.getTopicPartition(),
                    expected,
                    offset - 1,
                    offset - expected);
        } else {
            rewinds.inc();
            LOG.warn(
                    "{}: the log went back from offset {} to {}: the topic was deleted and created"
                            + " again (or its log truncated); a reject at a position written"
                            + " before stays the earlier one",
                    split.getTopicPartition(),
                    expected,
                    offset);
        }
    }
}
