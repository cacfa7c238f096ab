package io.herdpulse.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herdpulse.alerts.silence.FarmClock;
import io.herdpulse.alerts.silence.LastSeen;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Reading;
import java.time.Instant;
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
 * watermark and the minutes in which each farm reported ({@link FarmClock}) are checkpointed, so a
 * restored run raises exactly the alerts an uninterrupted one does.
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
        farms = new FarmClock();
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
        forgetFarmMinutesNoPollAsksAbout();
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
        forgetFarmMinutesNoPollAsksAbout();
    }

    /**
     * A poll asks about a farm since an animal's deadline, which is within her state's life of the
     * watermark: older minutes are forgotten, and a hostile reading from long ago grows no farm's
     * memory (also right after a restore, before the first watermark).
     */
    private void forgetFarmMinutesNoPollAsksAbout() {
        long ttl = thresholds.stateTtl().toMillis();
        long watermark = order.watermark();
        farms.forgetBefore(watermark < Long.MIN_VALUE + ttl ? Long.MIN_VALUE : watermark - ttl);
    }

    @Override
    public void processElement(StreamRecord<Arrival> element) throws Exception {
        Arrival arrival = element.getValue();
        Reading reading = arrival.reading();
        // A late reading may come before a poll that needs it or after, by timing: the farm clock
        // takes only readings that come before Flink's watermark can reach them.
        long at = reading.timestamp().toEpochMilli();
        if (at > arrival.partitionWatermark()) {
            farms.saw(reading.farmId(), at);
        }
        out.setTimestamp(element);
        if (order.arrive(arrival)) {
            wakeUpTo((String) getCurrentKey(), arrival.partitionWatermark());
            apply(reading);
            wakeUpTo((String) getCurrentKey(), order.watermark());
        }
    }

    /**
     * Her waiting readings at the timer's time, her wake-ups up to it, then her late readings whose
     * stamp it has reached, each after her wake-ups up to its stamp.
     */
    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        long now = timer.getTimestamp();
        out.setAbsoluteTimestamp(now);
        for (Reading reading : order.due(now)) {
            apply(reading);
        }
        wakeUpTo(timer.getKey(), now);
        for (Arrival late : order.lateDue(now)) {
            wakeUpTo(timer.getKey(), late.partitionWatermark());
            apply(late.reading());
        }
        wakeUpTo(timer.getKey(), now);
    }

    /**
     * Her wake-ups up to {@code time}, each at its own time: one a reading just set may be behind
     * the watermark already.
     */
    private void wakeUpTo(String animal, long time) throws Exception {
        for (LastSeen seen = order.lastSeen();
                seen != null && seen.wakeAt() <= time;
                seen = order.lastSeen()) {
            long now = seen.wakeAt();
            AlertLog log = alerts.of(animal, seen.farmId());
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
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {
        // No processing-time timers: the rules work in event time only.
    }

    private void apply(Reading reading) throws Exception {
        LastSeen previous = order.lastSeen();
        if (order.admit(reading)) {
            AlertLog log = alerts.of((String) getCurrentKey(), reading.farmId());
            rules.onReading(reading, previous, log);
            LastSeen latest = order.lastSeen();
            long expiresAt = latest.lastReadingAt() + thresholds.stateTtl().toMillis();
            order.wakeAt(Math.min(rules.wakeAt(latest, latest.lastReadingAt(), log), expiresAt));
        }
    }
}
