package io.herdpulse.alerts;

import io.herdpulse.alerts.silence.FarmReport;
import io.herdpulse.alerts.silence.FarmReports;
import io.herdpulse.model.HealthAlert;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The alert rules of DESIGN.md per animal (the key), as one keyed operator: each reading is put in
 * event-time order ({@link EventTimeOrder}), then the animal's readings and wake-ups go to her
 * rules ({@link AnimalTimeline}, {@link RuleSet}), which report to her open alerts ({@link
 * OpenAlerts}). Its second input is every farm's reports, broadcast from all instances ({@link
 * FarmReports}). The watermark and the minutes in which each farm reported ({@link
 * CheckpointedFarmClock}) are checkpointed, so a restored or rescaled run raises exactly the alerts
 * an uninterrupted one does.
 */
public class AlertDetector extends AbstractStreamOperator<HealthAlert>
        implements TwoInputStreamOperator<Arrival, FarmReport, HealthAlert>,
                Triggerable<String, VoidNamespace> {
    private static final long serialVersionUID = 1L;

    private final AlertThresholds thresholds;

    private transient EventTimeOrder order;
    private transient CheckpointedFarmClock farms;
    private transient AnimalTimeline animals;
    private transient TimestampedCollector<HealthAlert> out;

    public AlertDetector(AlertThresholds thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        order = new EventTimeOrder(context);
        farms =
                new CheckpointedFarmClock(
                        context.getOperatorStateStore(),
                        thresholds.alertStateTtl(),
                        getRuntimeContext().getTaskInfo());
        farms.keepWhatPollsAskAbout(order.watermark());
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        order.snapshot();
        farms.snapshot();
    }

    @Override
    public void open() throws Exception {
        super.open();
        // The timer service's name in the KeyedProcessFunction of earlier versions: savepoints
        // keep the timers.
        order.open(
                getRuntimeContext(),
                getInternalTimerService("user-timers", VoidNamespaceSerializer.INSTANCE, this),
                getKeyedStateBackend());
        RuleSet rules = RuleSet.of(thresholds, farms.clock(), getRuntimeContext());
        out = new TimestampedCollector<>(output);
        OpenAlerts alerts =
                new OpenAlerts(
                        getRuntimeContext(),
                        getMetricGroup(),
                        out,
                        getProcessingTimeService()::getCurrentProcessingTime);
        animals = new AnimalTimeline(order, rules, alerts, thresholds.alertStateTtl());
    }

    /**
     * Flink calls it with the smaller of the two inputs' watermarks (the job keeps the farm reports
     * from ever going idle, so they always count).
     */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        super.processWatermark(new Watermark(order.advance(mark.getTimestamp())));
        farms.keepWhatPollsAskAbout(order.watermark());
    }

    @Override
    public void processElement1(StreamRecord<Arrival> element) throws Exception {
        Arrival arrival = element.getValue();
        out.setTimestamp(element);
        if (order.arrive(arrival)) {
            animals.arrived((String) getCurrentKey(), arrival);
        }
    }

    @Override
    public void processElement2(StreamRecord<FarmReport> element) {
        farms.saw(element.getValue());
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        out.setAbsoluteTimestamp(timer.getTimestamp());
        animals.reached(timer.getKey(), timer.getTimestamp());
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {
        // No processing-time timers: the rules work in event time only.
    }
}
