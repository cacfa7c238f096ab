package io.herdpulse.job.validation;

import io.herdpulse.job.ingest.SourcedReading;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sends valid readings on and rejections to the {@link #REJECTED} side output, counting the valid
 * ones and tracking how far event time lags behind the job's clock.
 */
public final class RouteRejected extends ProcessFunction<Validated, SourcedReading> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<Rejected> REJECTED = new OutputTag<>("rejected") {};

    private transient Counter readingsValid;
    private transient AtomicLong latestEventTime;

    @Override
    public void open(OpenContext openContext) {
        MetricGroup herdpulse = getRuntimeContext().getMetricGroup().addGroup(Metrics.GROUP);
        readingsValid = herdpulse.counter(Metrics.READINGS_VALID);
        latestEventTime = new AtomicLong(Long.MIN_VALUE);
        herdpulse.gauge(Metrics.EVENT_TIME_LAG_MS, (Gauge<Long>) this::eventTimeLagMillis);
    }

    @Override
    public void processElement(Validated validated, Context ctx, Collector<SourcedReading> out) {
        if (validated.valid() == null) {
            ctx.output(REJECTED, validated.rejected());
            return;
        }
        readingsValid.inc();
        latestEventTime.accumulateAndGet(validated.eventTimeMillis(), Math::max);
        out.collect(validated.valid());
    }

    /** The job's clock minus the newest event time seen; -1 until the first valid reading. */
    private long eventTimeLagMillis() {
        long latest = latestEventTime.get();
        return latest == Long.MIN_VALUE ? -1 : System.currentTimeMillis() - latest;
    }
}
