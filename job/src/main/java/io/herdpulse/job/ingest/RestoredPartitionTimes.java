package io.herdpulse.job.ingest;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each partition's newest event time as the checkpoint the job restored from left it, handed from
 * the operator that checkpoints it ({@code PartitionWatermarks}) to the source's watermark
 * generators in the same task, so that a restored split resumes at its old watermark.
 *
 * <p>Without it a restored split knows nothing of what it read before, and takes its first reading
 * as its newest. If that is a very late one (a gateway's old batch appended after the checkpoint),
 * the split's watermark starts hours or days back: every window waits for it, and with watermark
 * alignment every other split is paused, until it goes idle, and a split paused meanwhile only
 * starts counting its own idleness once that one has.
 *
 * <p>Handed over in the task's thread: Flink tells a generator neither the job's state nor its
 * split, but it restores every operator of a task, the last of the chain first, before the source
 * reads anything, in the thread that then reads and emits, and each task attempt has a thread of
 * its own. {@code PartitionWatermarks} runs chained to the source; where chaining is switched off
 * the generators find nothing handed over, say so once, and a restored split starts from its first
 * reading as before.
 */
public final class RestoredPartitionTimes {
    private static final Logger LOG = LoggerFactory.getLogger(RestoredPartitionTimes.class);

    private static final ThreadLocal<Map<KafkaPartition, Long>> RESTORED = new ThreadLocal<>();

    private RestoredPartitionTimes() {}

    /** Called by the restoring operator, with what it restored (nothing on a fresh start). */
    public static void handOver(Map<KafkaPartition, Long> newestEventTimes) {
        RESTORED.set(Map.copyOf(newestEventTimes));
    }

    /** The partition's restored newest event time; {@link Long#MIN_VALUE} if it has none. */
    public static long newestOf(KafkaPartition partition) {
        Map<KafkaPartition, Long> restored = RESTORED.get();
        if (restored == null) {
            LOG.warn(
                    "Nothing restored was handed to the watermarks of {}: the source is not"
                            + " chained to 'stamp partition watermarks' (is"
                            + " pipeline.operator-chaining.enabled false?), so a split restored"
                            + " here starts its watermark at its first reading, however late.",
                    Thread.currentThread().getName());
            restored = Map.of();
            RESTORED.set(restored);
        }
        return restored.getOrDefault(partition, Long.MIN_VALUE);
    }
}
