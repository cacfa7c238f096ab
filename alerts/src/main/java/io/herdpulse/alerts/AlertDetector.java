package io.herdpulse.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herdpulse.alerts.silence.FarmClock;
import io.herdpulse.alerts.silence.LastSeen;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Reading;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The alert rules of DESIGN.md per animal (the key): hands each of her readings, in event time
 * ({@link EventTimeOrder}), to every rule ({@link RuleSet}), which report to her open alerts
 * ({@link OpenAlerts}); wakes the rules when they asked to look again without a reading; after
 * {@link AlertThresholds#stateTtl()} without a reading closes her alerts and forgets her. The
 * watermark and the farms' latest readings ({@link FarmClock}) are checkpointed, so a restored run
 * raises exactly the alerts an uninterrupted one does.
 */
public class AlertDetector extends AbstractStreamOperator<HealthAlert>
        implements OneInputStreamOperator<Reading, HealthAlert>,
                Triggerable<String, VoidNamespace> {
    private static final long serialVersionUID = 1L;

    private final AlertThresholds thresholds;

    private transient EventTimeOrder order;
    private transient FarmClock farms;
    private transient ListState<FarmClock.Latest> checkpointedFarms;
    private transient RuleSet rules;
    private transient OpenAlerts alerts;
    private transient TimestampedCollector<HealthAlert> out;

    public AlertDetector(AlertThresholds thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        order = new EventTimeOrder(context.getOperatorStateStore());
        // Split state: at the same parallelism each instance gets back the farms it had seen.
        checkpointedFarms =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>("alert-farms", FarmClock.Latest.class));
        farms = new FarmClock();
        checkpointedFarms.get().forEach(farms::restore);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        order.snapshot();
        checkpointedFarms.update(farms.snapshot());
    }

    @Override
    public void open() throws Exception {
        super.open();
        // The timer service's name in the KeyedProcessFunction of earlier versions: savepoints
        // keep the timers.
        order.open(
                getRuntimeContext(),
                getInternalTimerService("user-timers", VoidNamespaceSerializer.INSTANCE, this));
        rules = RuleSet.of(thresholds, farms, getRuntimeContext());
        out = new TimestampedCollector<>(output);
        alerts =
                new OpenAlerts(
                        getRuntimeContext(),
                        getMetricGroup(),
                        out,
                        getProcessingTimeService()::getCurrentProcessingTime);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        super.processWatermark(new Watermark(order.advance(mark.getTimestamp())));
    }

    @Override
    public void processElement(StreamRecord<Reading> element) throws Exception {
        out.setTimestamp(element);
        farms.saw(element.getValue().farmId(), element.getValue().timestamp().toEpochMilli());
        apply(order.arrive(element.getValue()));
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        long now = timer.getTimestamp();
        out.setAbsoluteTimestamp(now);
        apply(order.due(now));
        LastSeen seen = order.lastSeen();
        if (seen == null || now < seen.wakeAt()) {
            return;
        }
        AlertLog log = alerts.of(timer.getKey(), seen.farmId());
        long expiresAt = seen.lastReadingAt() + thresholds.stateTtl().toMillis();
        if (now >= expiresAt) {
            ObjectNode details = Details.object();
            details.put("reason", "expired");
            details.put("stateTtl", thresholds.stateTtl().toString());
            alerts.closeAll(log, Instant.ofEpochMilli(expiresAt), details);
            rules.clear();
            order.clear();
            return;
        }
        rules.onWake(now, seen, log);
        order.wakeAt(Math.min(rules.wakeAt(seen, order.watermark(), log), expiresAt));
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {
        // No processing-time timers: the rules work in event time only.
    }

    private void apply(List<Reading> readings) throws Exception {
        for (Reading reading : readings) {
            LastSeen previous = order.lastSeen();
            if (order.admit(reading)) {
                AlertLog log = alerts.of((String) getCurrentKey(), reading.farmId());
                rules.onReading(reading, previous, log);
                LastSeen latest = order.lastSeen();
                long expiresAt = latest.lastReadingAt() + thresholds.stateTtl().toMillis();
                order.wakeAt(
                        Math.min(rules.wakeAt(latest, latest.lastReadingAt(), log), expiresAt));
            }
        }
    }
}
