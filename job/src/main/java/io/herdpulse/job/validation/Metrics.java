package io.herdpulse.job.validation;

import io.herdpulse.model.validation.RejectReason;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/** The job's metric names (DESIGN.md's and two more), all under the {@code herdpulse} group. */
public final class Metrics {
    public static final String GROUP = "herdpulse";
    public static final String READINGS_VALID = "readingsValid";
    public static final String READINGS_REJECTED = "readingsRejected";
    public static final String REASON = "reason";
    public static final String DUPLICATES = "duplicates";
    public static final String EVENT_TIME_LAG_MS = "eventTimeLagMs";
    // Beyond DESIGN.md: where a partition's offsets jump (the ingest's OffsetJumps).
    public static final String OFFSETS_SKIPPED = "offsetsSkipped";
    public static final String PARTITION_REWINDS = "partitionRewinds";

    private Metrics() {}

    /**
     * Registers {@code readingsRejected} once per reason, as a key-value group so that the
     * Prometheus reporter exposes the reason as a label. All reasons are registered up front so a
     * dashboard shows zeros, not gaps.
     */
    public static Map<RejectReason, Counter> rejectedByReason(MetricGroup operatorGroup) {
        MetricGroup herdpulse = operatorGroup.addGroup(GROUP);
        Map<RejectReason, Counter> counters = new EnumMap<>(RejectReason.class);
        for (RejectReason reason : RejectReason.values()) {
            counters.put(
                    reason, herdpulse.addGroup(REASON, reason.name()).counter(READINGS_REJECTED));
        }
        return counters;
    }
}
