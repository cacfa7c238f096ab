package io.herdpulse.job.admit;

import io.herdpulse.job.ingest.KafkaPartition;
import io.herdpulse.job.ingest.RestoredPartitionTimes;
import io.herdpulse.job.ingest.SourcedReading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Stamps each valid reading with its Kafka partition's watermark just before it: the newest event
 * time read from that partition so far (each no later than when the broker appended it, {@link
 * SourcedReading#watermarkTimeMillis}), less the out-of-orderness, as the source's watermarks
 * ({@code WatermarksHeldOnWaking}) compute it.
 *
 * <p>Flink's own watermark is no ground for deciding that a reading is LATE: it is emitted every
 * 200 ms and is the smallest of all partitions', so how far it has come when a reading arrives
 * depends on timing, and after a restore it starts again from nothing. This stamp depends only on
 * the partition's readings before this one, which Kafka keeps in order, and its state is
 * checkpointed with the source's offsets: a run restored at any point, or a second run of the same
 * topic, stamps every reading exactly as an uninterrupted run does. It is never behind the
 * watermark the windows see (which is the smallest over partitions, and comes from the same
 * readings), except when an idle partition is left out of that minimum.
 */
public final class PartitionWatermarks extends ProcessFunction<SourcedReading, StampedReading>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    /** One partition's newest event time, as checkpointed. */
    public record NewestInPartition(String topic, int partition, long eventTime) {}

    private final long outOfOrdernessMillis;

    private transient ListState<NewestInPartition> checkpointed;
    private transient Map<KafkaPartition, Long> newest;

    public PartitionWatermarks(Duration outOfOrderness) {
        this.outOfOrdernessMillis = outOfOrderness.toMillis();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        // Union state: after a rescale each subtask gets every partition's time, whichever
        // partitions the source then assigns it.
        checkpointed =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>(
                                        "newest-in-partition", NewestInPartition.class));
        newest = new HashMap<>();
        for (NewestInPartition entry : checkpointed.get()) {
            newest.merge(
                    new KafkaPartition(entry.topic(), entry.partition()),
                    entry.eventTime(),
                    Math::max);
        }
        // The source's splits resume from the same checkpoint: at these times, not at their first
        // reading, which may be a very late one.
        RestoredPartitionTimes.handOver(newest);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        List<NewestInPartition> entries = new ArrayList<>(newest.size());
        newest.forEach(
                (partition, time) ->
                        entries.add(
                                new NewestInPartition(
                                        partition.topic(), partition.partition(), time)));
        checkpointed.update(entries);
    }

    @Override
    public void processElement(
            SourcedReading reading, Context context, Collector<StampedReading> out) {
        KafkaPartition partition = reading.position().kafkaPartition();
        long eventTime = reading.watermarkTimeMillis();
        Long before = newest.get(partition);
        if (before == null || eventTime > before) {
            newest.put(partition, eventTime);
        }
        out.collect(new StampedReading(reading, watermarkAfter(before)));
    }

    /** BoundedOutOfOrdernessWatermarks' watermark after {@code newest}: none before a reading. */
    private long watermarkAfter(Long newestEventTime) {
        if (newestEventTime == null) {
            return Long.MIN_VALUE;
        }
        long watermark = newestEventTime - outOfOrdernessMillis - 1;
        return watermark > newestEventTime ? Long.MIN_VALUE : watermark;
    }
}
