package io.herdpulse.job.validation;

import io.herdpulse.model.validation.RejectReason;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Counts every rejection on its way to {@code rejected_readings}, by reason, wherever in the
 * pipeline it was rejected; duplicates are also counted on their own.
 */
public final class CountRejected extends RichMapFunction<Rejected, Rejected> {
    private static final long serialVersionUID = 1L;

    private transient Map<RejectReason, Counter> rejectedByReason;
    private transient Counter duplicates;

    @Override
    public void open(OpenContext openContext) {
        rejectedByReason = Metrics.rejectedByReason(getRuntimeContext().getMetricGroup());
        duplicates =
                getRuntimeContext()
                        .getMetricGroup()
                        .addGroup(Metrics.GROUP)
                        .counter(Metrics.DUPLICATES);
    }

    @Override
    public Rejected map(Rejected rejected) {
        rejectedByReason.get(rejected.reason()).inc();
        if (rejected.reason() == RejectReason.DUPLICATE) {
            duplicates.inc();
        }
        return rejected;
    }
}
