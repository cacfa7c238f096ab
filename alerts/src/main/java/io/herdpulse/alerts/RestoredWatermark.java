package io.herdpulse.alerts;

/**
 * The watermark an operator that checkpoints its own (Flink does not) starts from after a restore.
 */
public final class RestoredWatermark {
    private RestoredWatermark() {}

    /**
     * The lowest any instance had reached (after a rescale each gets every instance's), or none.
     *
     * <p>None too after {@code flink stop --drain}: its savepoint holds the end of input's
     * watermark, which fired every window and timer before it was taken. The job resumed from it
     * reads new input, as Flink's own operators do; kept, that watermark would make every reading
     * late and forget every cow at once, in every checkpoint after.
     */
    public static long lowestOf(Iterable<Long> checkpointed) {
        long lowest = Long.MAX_VALUE;
        for (long reached : checkpointed) {
            lowest = Math.min(lowest, reached);
        }
        return lowest == Long.MAX_VALUE ? Long.MIN_VALUE : lowest;
    }
}
