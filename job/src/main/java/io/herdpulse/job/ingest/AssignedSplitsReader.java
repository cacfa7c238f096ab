package io.herdpulse.job.ingest;

import java.io.IOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.kafka.source.metrics.KafkaSourceReaderMetrics;
import org.apache.flink.connector.kafka.source.reader.KafkaPartitionSplitReader;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Kafka's split reader, pausing and resuming only the partitions it still reads.
 *
 * <p>Watermark alignment asks for a split to be paused from what the task's thread knows, and the
 * fetcher's thread does it later: a bounded run's split may have reached its end in between, and
 * been unassigned from the consumer, which then throws {@code IllegalStateException: No current
 * assignment for partition} and fails the job over (FLINK-39728, fixed in the Kafka connector only
 * after 5.0.0-2.2, the release for Flink 2.2). Fetching and pausing both run on the fetcher's
 * thread, so the splits a fetch reported finished are known here when the request comes. (An empty
 * split is unassigned as it is added and reported finished at the next fetch; it never emits a
 * record, so alignment never pauses it.)
 */
final class AssignedSplitsReader extends KafkaPartitionSplitReader {
    private final Set<String> finished = new HashSet<>();

    AssignedSplitsReader(
            Properties props, SourceReaderContext context, KafkaSourceReaderMetrics metrics) {
        super(props, context, metrics);
    }

    @Override
    public RecordsWithSplitIds<ConsumerRecord<byte[], byte[]>> fetch() throws IOException {
        RecordsWithSplitIds<ConsumerRecord<byte[], byte[]>> records = super.fetch();
        finished.addAll(records.finishedSplits());
        return records;
    }

    @Override
    public void pauseOrResumeSplits(
            Collection<KafkaPartitionSplit> splitsToPause,
            Collection<KafkaPartitionSplit> splitsToResume) {
        super.pauseOrResumeSplits(unfinished(splitsToPause), unfinished(splitsToResume));
    }

    private List<KafkaPartitionSplit> unfinished(Collection<KafkaPartitionSplit> splits) {
        return splits.stream().filter(split -> !finished.contains(split.splitId())).toList();
    }
}
