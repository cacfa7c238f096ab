package io.herdpulse.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herdpulse.alerts.baseline.BaselineRules;
import io.herdpulse.alerts.baseline.BaselineState;
import io.herdpulse.alerts.ph.PhRule;
import io.herdpulse.alerts.ph.PhState;
import io.herdpulse.alerts.silence.FarmClock;
import io.herdpulse.alerts.silence.LastSeen;
import io.herdpulse.alerts.temperature.TemperatureRules;
import io.herdpulse.alerts.temperature.TemperatureState;
import io.herdpulse.model.AlertKind;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Reading;
import io.herdpulse.model.Severity;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.StreamingRuntimeContext;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The alert rules of DESIGN.md for one animal (the key), over its readings in event-time order.
 *
 * <p>Event-time order is kept here, in one place. Readings ahead of the watermark wait in state
 * with an event-time timer at their timestamp and are processed, sorted, once the watermark passes
 * them; a reading behind the watermark is processed at once. Either way a reading that is not newer
 * than the animal's latest processed reading is left out ({@link #process}): the rules never see
 * time run backwards, whatever the order of the input.
 *
 * <p>Flink does not checkpoint watermarks: after a restore the input's watermark starts again from
 * nothing. So this operator checkpoints the watermark it has reached and never lets it go back: a
 * replayed reading that was behind the watermark in the first run is behind it after the restore
 * too, and meets the same fate. With the farms' latest readings (see {@link FarmClock}), also
 * checkpointed, a restored run raises exactly the alerts an uninterrupted one does.
 *
 * <p>Each animal has one silence timer besides those: at the silence deadline it raises
 * SENSOR_SILENT if the animal's farm has reported since the deadline, else it looks again one
 * silence span later; after {@link AlertThresholds#stateTtl()} without a reading the animal's open
 * alerts are closed and all its state cleared.
 */
public class AlertDetector extends AbstractStreamOperator<HealthAlert>
        implements OneInputStreamOperator<Reading, HealthAlert>,
                Triggerable<String, VoidNamespace> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Comparator<Reading> EVENT_TIME =
            Comparator.comparing(Reading::timestamp).thenComparing(Reading::readingId);

    /** The timer service's name in the KeyedProcessFunction this replaced: savepoints keep them. */
    private static final String TIMERS = "user-timers";

    private final AlertThresholds thresholds;

    private transient ListState<Long> checkpointedWatermark;
    private transient ListState<FarmClock.Latest> checkpointedFarms;
    private transient long watermark;

    private transient ListState<Reading> pending;
    private transient ValueState<LastSeen> lastSeen;
    private transient ValueState<TemperatureState> temperature;
    private transient ValueState<BaselineState> baseline;
    private transient ValueState<PhState> ph;
    private transient MapState<AlertKind, HealthAlert> open;

    private transient InternalTimerService<VoidNamespace> timers;
    private transient TimestampedCollector<HealthAlert> out;
    private transient TemperatureRules temperatureRules;
    private transient BaselineRules baselineRules;
    private transient PhRule phRule;
    private transient FarmClock farms;
    private transient Map<AlertKind, Counter> alertsRaised;

    public AlertDetector(AlertThresholds thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        // Union state: after a rescale every instance starts from the lowest watermark any had,
        // the one all of them had passed.
        checkpointedWatermark =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>("alert-watermark", Types.LONG));
        watermark = Long.MIN_VALUE;
        boolean first = true;
        for (long restored : checkpointedWatermark.get()) {
            watermark = first ? restored : Math.min(watermark, restored);
            first = false;
        }
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
        checkpointedWatermark.update(List.of(watermark));
        checkpointedFarms.update(farms.snapshot());
    }

    @Override
    public void open() throws Exception {
        super.open();
        StreamingRuntimeContext context = getRuntimeContext();
        pending = context.getListState(new ListStateDescriptor<>("pending", Reading.class));
        lastSeen = context.getState(new ValueStateDescriptor<>("lastSeen", LastSeen.class));
        temperature =
                context.getState(new ValueStateDescriptor<>("temperature", TemperatureState.class));
        baseline = context.getState(new ValueStateDescriptor<>("baseline", BaselineState.class));
        ph = context.getState(new ValueStateDescriptor<>("ph", PhState.class));
        open =
                context.getMapState(
                        new MapStateDescriptor<>("openAlerts", AlertKind.class, HealthAlert.class));

        timers = getInternalTimerService(TIMERS, VoidNamespaceSerializer.INSTANCE, this);
        out = new TimestampedCollector<>(output);
        temperatureRules = new TemperatureRules(thresholds);
        baselineRules = new BaselineRules(thresholds);
        phRule = new PhRule(thresholds);

        MetricGroup group = getMetricGroup().addGroup("herdpulse");
        alertsRaised = new EnumMap<>(AlertKind.class);
        for (AlertKind kind : AlertKind.values()) {
            alertsRaised.put(kind, group.addGroup("kind", kind.name()).counter("alertsRaised"));
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        // After a restore the input's watermark starts again from nothing: never go back.
        watermark = Math.max(watermark, mark.getTimestamp());
        super.processWatermark(new Watermark(watermark));
    }

    @Override
    public void processElement(StreamRecord<Reading> element) throws Exception {
        Reading reading = element.getValue();
        out.setTimestamp(element);
        long at = reading.timestamp().toEpochMilli();
        farms.saw(reading.farmId(), at);
        if (at > watermark) {
            pending.add(reading);
            timers.registerEventTimeTimer(VoidNamespace.INSTANCE, at);
            return;
        }
        process(reading);
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        long timestamp = timer.getTimestamp();
        out.setAbsoluteTimestamp(timestamp);
        processPendingUpTo(timestamp);
        LastSeen seen = lastSeen.value();
        if (seen != null && timestamp >= seen.wakeAt()) {
            checkSilence(timestamp, seen);
        }
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {
        // No processing-time timers: the rules work in event time only.
    }

    private void processPendingUpTo(long timestamp) throws Exception {
        List<Reading> due = new ArrayList<>();
        List<Reading> later = new ArrayList<>();
        for (Reading reading : pending.get()) {
            (reading.timestamp().toEpochMilli() <= timestamp ? due : later).add(reading);
        }
        if (due.isEmpty()) {
            return;
        }
        if (later.isEmpty()) {
            pending.clear();
        } else {
            pending.update(later);
        }
        due.sort(EVENT_TIME);
        for (Reading reading : due) {
            process(reading);
        }
    }

    /**
     * The one gate of event time: a reading not newer than the animal's latest processed one is
     * covered by her state already (a duplicate, or a reading too late to be put in order) and is
     * left out of the rules.
     */
    private void process(Reading reading) throws Exception {
        long at = reading.timestamp().toEpochMilli();
        LastSeen seen = lastSeen.value();
        if (seen != null && at <= seen.lastReadingAt()) {
            return;
        }
        Log log = new Log((String) getCurrentKey(), reading.farmId());
        if (seen != null && open.contains(AlertKind.SENSOR_SILENT)) {
            ObjectNode details = Details.object();
            details.put("readingAt", reading.timestamp().toString());
            details.put("silentMinutes", (at - seen.lastReadingAt()) / 60_000);
            log.end(AlertKind.SENSOR_SILENT, reading.timestamp(), details);
        }

        temperature.update(temperatureRules.apply(temperature.value(), reading, log));
        baseline.update(baselineRules.apply(baseline.value(), reading, log));
        if (reading.rumenPh() != null) {
            Long previousAt = seen == null ? null : seen.lastReadingAt();
            ph.update(phRule.apply(ph.value(), reading, previousAt, log));
        }

        long wakeAt = at + thresholds.silentSpan().toMillis();
        if (seen != null && seen.wakeAt() != wakeAt && !isPendingAt(seen.wakeAt())) {
            timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, seen.wakeAt());
        }
        timers.registerEventTimeTimer(VoidNamespace.INSTANCE, wakeAt);
        lastSeen.update(new LastSeen(reading.farmId(), at, wakeAt));
    }

    /** Whether a waiting reading shares the timer (timers of one key are unique per time). */
    private boolean isPendingAt(long timestamp) throws Exception {
        for (Reading reading : pending.get()) {
            if (reading.timestamp().toEpochMilli() == timestamp) {
                return true;
            }
        }
        return false;
    }

    private void checkSilence(long now, LastSeen seen) throws Exception {
        long expiresAt = seen.lastReadingAt() + thresholds.stateTtl().toMillis();
        Log log = new Log((String) getCurrentKey(), seen.farmId());
        if (now >= expiresAt) {
            expire(Instant.ofEpochMilli(expiresAt), log);
            return;
        }
        long next = expiresAt;
        if (!open.contains(AlertKind.SENSOR_SILENT)) {
            long deadline = seen.lastReadingAt() + thresholds.silentSpan().toMillis();
            Long farmLatest = farms.latest(seen.farmId());
            if (farmLatest != null && farmLatest >= deadline) {
                ObjectNode details = Details.object();
                details.put("lastReadingAt", Instant.ofEpochMilli(seen.lastReadingAt()).toString());
                details.put("farmLatestReadingAt", Instant.ofEpochMilli(farmLatest).toString());
                details.put("expectedInterval", thresholds.expectedInterval().toString());
                log.start(
                        AlertKind.SENSOR_SILENT,
                        Instant.ofEpochMilli(
                                seen.lastReadingAt() + thresholds.expectedInterval().toMillis()),
                        null,
                        (double) thresholds.silentSpan().toMinutes(),
                        details);
            } else {
                // The whole farm is quiet (or unknown since a restore): look again later.
                next = Math.min(now + thresholds.silentSpan().toMillis(), expiresAt);
            }
        }
        timers.registerEventTimeTimer(VoidNamespace.INSTANCE, next);
        lastSeen.update(new LastSeen(seen.farmId(), seen.lastReadingAt(), next));
    }

    /** The animal has been silent for the TTL: close what is open and forget it. */
    private void expire(Instant at, Log log) throws Exception {
        // In a fixed order: a map's iteration order may change with a restore.
        List<AlertKind> kinds = new ArrayList<>();
        open.keys().forEach(kinds::add);
        kinds.sort(Comparator.naturalOrder());
        for (AlertKind kind : kinds) {
            ObjectNode details = Details.object();
            details.put("reason", "expired");
            details.put("stateTtl", thresholds.stateTtl().toString());
            log.end(kind, at, details);
        }
        lastSeen.clear();
        temperature.clear();
        baseline.clear();
        ph.clear();
        open.clear();
    }

    private static Severity severityOf(AlertKind kind) {
        return switch (kind) {
            case FEVER, HYPOTHERMIA -> Severity.CRITICAL;
            case LOW_RUMINATION, HIGH_ACTIVITY, LOW_PH, SENSOR_SILENT -> Severity.WARNING;
            case DRINKING -> Severity.INFO;
        };
    }

    private static String json(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The alert log of one animal at one moment: emits rows and keeps the open ones in state. */
    private final class Log implements AlertLog {
        private final String animalId;
        private final String farmId;

        Log(String animalId, String farmId) {
            this.animalId = animalId;
            this.farmId = farmId;
        }

        @Override
        public boolean isActive(AlertKind kind) {
            try {
                return open.contains(kind);
            } catch (Exception e) {
                throw new IllegalStateException("cannot read open alerts of " + animalId, e);
            }
        }

        @Override
        public void start(
                AlertKind kind,
                Instant startedAt,
                Double value,
                Double threshold,
                ObjectNode details) {
            HealthAlert alert =
                    new HealthAlert(
                            HealthAlert.idFor(animalId, kind, startedAt),
                            animalId,
                            farmId,
                            kind,
                            severityOf(kind),
                            startedAt,
                            null,
                            value,
                            threshold,
                            json(details),
                            detectedAt());
            try {
                open.put(kind, alert);
            } catch (Exception e) {
                throw new IllegalStateException("cannot store alert " + alert.alertId(), e);
            }
            out.collect(alert);
            alertsRaised.get(kind).inc();
        }

        @Override
        public void end(AlertKind kind, Instant endedAt, ObjectNode details) {
            HealthAlert started;
            try {
                started = open.get(kind);
                if (started == null) {
                    return;
                }
                open.remove(kind);
            } catch (Exception e) {
                throw new IllegalStateException("cannot read open alerts of " + animalId, e);
            }
            ObjectNode merged;
            try {
                merged = (ObjectNode) JSON.readTree(started.detailsJson());
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
            merged.set("end", details);
            out.collect(
                    new HealthAlert(
                            started.alertId(),
                            started.animalId(),
                            started.farmId(),
                            kind,
                            started.severity(),
                            started.startedAt(),
                            endedAt,
                            started.value(),
                            started.threshold(),
                            json(merged),
                            detectedAt()));
        }

        private Instant detectedAt() {
            return Instant.ofEpochMilli(getProcessingTimeService().getCurrentProcessingTime());
        }
    }
}
