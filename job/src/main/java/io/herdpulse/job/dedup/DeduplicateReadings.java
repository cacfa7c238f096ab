package io.herdpulse.job.dedup;

import io.herdpulse.job.ingest.SourcedReading;
import io.herdpulse.job.validation.Rejected;
import io.herdpulse.model.validation.RejectReason;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by {@code readingId}: passes the first reading with an id and sends every later one to
 * {@link #DUPLICATES}.
 *
 * <p>The id is remembered for the TTL only, so state stays bounded however long the job runs. The
 * TTL runs on the job's clock (Flink has no event-time TTL): a producer retry or a replay of recent
 * data is caught, a re-send of the same reading days later is not.
 */
public final class DeduplicateReadings
        extends KeyedProcessFunction<String, SourcedReading, SourcedReading> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<Rejected> DUPLICATES = new OutputTag<>("duplicates") {};

    private static final int CLEANUP_ENTRIES_PER_RECORD = 10;

    private final Duration ttl;
    private transient ValueState<Boolean> seen;

    public DeduplicateReadings(Duration ttl) {
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Boolean> descriptor =
                new ValueStateDescriptor<>("seen", Types.BOOLEAN);
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(ttl)
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        // Heap state: each record also checks a few other ids and drops the
                        // expired ones, so ids never read again do not stay until a snapshot.
                        // RocksDB drops them in compaction.
                        .cleanupIncrementally(CLEANUP_ENTRIES_PER_RECORD, true)
                        .build());
        seen = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(SourcedReading reading, Context ctx, Collector<SourcedReading> out)
            throws Exception {
        if (seen.value() == null) {
            seen.update(true);
            out.collect(reading);
            return;
        }
        ctx.output(
                DUPLICATES,
                Rejected.of(
                        reading,
                        RejectReason.DUPLICATE,
                        "readingId " + reading.reading().readingId() + " was already received",
                        Instant.ofEpochMilli(ctx.timerService().currentProcessingTime())));
    }
}
