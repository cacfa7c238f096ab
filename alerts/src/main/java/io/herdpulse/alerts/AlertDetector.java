package io.herdpulse.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herdpulse.alerts.silence.FarmClock;
import io.herdpulse.alerts.silence.LastSeen;
import io.herdpulse.alerts.silence.SilenceRule;
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
 * ({@link EventTimeOrder}, brought up to each arriving reading's partition watermark), to every
 * rule ({@link RuleSet}), which report to her open alerts ({@link OpenAlerts}); wakes the rules
 * when they asked to look again without a reading; after {@link AlertThresholds#stateTtl()} without
 * a reading closes her alerts and forgets her. The watermark and the farms' latest readings ({@link
 * FarmClock}) are checkpointed, so a restored run raises exactly the alerts an uninterrupted one
 * does.
 */
public class AlertDetector extends AbstractStreamOperator<HealthAlert>
        implements OneInputStreamOperator<Arrival, HealthAlert>,
                Triggerable<String, VoidNamespace> {
    private static final long serialVersionUID = 1L;

    private final AlertThresholds thresholds;

    private transient EventTimeOrder order;
    private transient FarmClock farms;
    private transient ListState<FarmClock.Minutes> checkpointedFarms;
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
        farms = new FarmClock(thresholds.stateTtl());
        checkpointedFarms =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "alert-farm-minutes", FarmClock.Minutes.class));
        checkpointedFarms.get().forEach(farms::restore);
        // A savepoint of a version before the minutes knew each farm's latest reading only.
        ListState<FarmClock.Latest> latestOfEarlierVersions =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>("alert-farms", FarmClock.Latest.class));
        latestOfEarlierVersions.get().forEach(farms::restore);
        latestOfEarlierVersions.clear();
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
    public void processElement(StreamRecord<Arrival> element) throws Exception {
        Reading reading = element.getValue().reading();
        long partitionWatermark = element.getValue().partitionWatermark();
        // Her time up to the partition's watermark first, as Flink's watermark would have brought
        // it before this reading arrived, and so before the farm clock saw it.
        for (long next = order.nextAt(); next <= partitionWatermark; next = order.nextAt()) {
            out.setAbsoluteTimestamp(next);
            advanceTo(next, partitionWatermark);
        }
        // A reading behind its partition's watermark may come after a poll that needed it or
        // before, by timing: the farm clock takes only readings that come before their time.
        long at = reading.timestamp().toEpochMilli();
        if (at > partitionWatermark) {
            farms.saw(reading.farmId(), at);
        }
        out.setTimestamp(element);
        apply(order.arrive(reading, partitionWatermark));
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        long now = timer.getTimestamp();
        out.setAbsoluteTimestamp(now);
        advanceTo(now, order.watermark());
    }

    /**
     * The animal at event time {@code now}: her waiting readings up to it, then her wake-up if it
     * is due; {@code watermark} is how far her time is known to go (see {@link
     * SilenceRule#wakeAt}).
     */
    private void advanceTo(long now, long watermark) throws Exception {
        apply(order.due(now));
        LastSeen seen = order.lastSeen();
        if (seen == null || now < seen.wakeAt()) {
            return;
        }
        AlertLog log = alerts.of((String) getCurrentKey(), seen.farmId());
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
        order.wakeAt(Math.min(rules.wakeAt(seen, watermark, log), expiresAt));
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
