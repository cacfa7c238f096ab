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
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The alert rules of DESIGN.md for one animal (the key), over its readings in event-time order.
 *
 * <p>Readings ahead of the watermark wait in state with an event-time timer at their timestamp and
 * are processed, sorted, once the watermark passes them. A reading arriving behind the watermark is
 * processed at once if it is not older than the animal's latest processed reading, else it is left
 * out: the rules would otherwise see time run backwards.
 *
 * <p>Each animal has one silence timer besides those: at the silence deadline it raises
 * SENSOR_SILENT if the animal's farm has reported since the deadline (see {@link FarmClock}), else
 * it looks again one silence span later; after {@link AlertThresholds#stateTtl()} without a reading
 * the animal's open alerts are closed and all its state cleared.
 */
public class AlertDetector extends KeyedProcessFunction<String, Reading, HealthAlert> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Comparator<Reading> EVENT_TIME =
            Comparator.comparing(Reading::timestamp).thenComparing(Reading::readingId);

    private final AlertThresholds thresholds;

    private transient ListState<Reading> pending;
    private transient ValueState<LastSeen> lastSeen;
    private transient ValueState<TemperatureState> temperature;
    private transient ValueState<BaselineState> baseline;
    private transient ValueState<PhState> ph;
    private transient MapState<AlertKind, HealthAlert> open;

    private transient TemperatureRules temperatureRules;
    private transient BaselineRules baselineRules;
    private transient PhRule phRule;
    private transient FarmClock farms;
    private transient Map<AlertKind, Counter> alertsRaised;

    public AlertDetector(AlertThresholds thresholds) {
        this.thresholds = thresholds;
    }

    @Override
    public void open(OpenContext openContext) {
        pending =
                getRuntimeContext()
                        .getListState(new ListStateDescriptor<>("pending", Reading.class));
        lastSeen =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("lastSeen", LastSeen.class));
        temperature =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>("temperature", TemperatureState.class));
        baseline =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("baseline", BaselineState.class));
        ph = getRuntimeContext().getState(new ValueStateDescriptor<>("ph", PhState.class));
        open =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "openAlerts", AlertKind.class, HealthAlert.class));

        temperatureRules = new TemperatureRules(thresholds);
        baselineRules = new BaselineRules(thresholds);
        phRule = new PhRule(thresholds);
        farms = new FarmClock();

        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("herdpulse");
        alertsRaised = new EnumMap<>(AlertKind.class);
        for (AlertKind kind : AlertKind.values()) {
            alertsRaised.put(kind, group.addGroup("kind", kind.name()).counter("alertsRaised"));
        }
    }

    @Override
    public void processElement(Reading reading, Context ctx, Collector<HealthAlert> out)
            throws Exception {
        long at = reading.timestamp().toEpochMilli();
        farms.saw(reading.farmId(), at);
        TimerService timers = ctx.timerService();
        if (at > timers.currentWatermark()) {
            pending.add(reading);
            timers.registerEventTimeTimer(at);
            return;
        }
        LastSeen seen = lastSeen.value();
        if (seen == null || at >= seen.lastReadingAt()) {
            process(reading, ctx.getCurrentKey(), timers, out);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<HealthAlert> out)
            throws Exception {
        processPendingUpTo(timestamp, ctx.getCurrentKey(), ctx.timerService(), out);
        LastSeen seen = lastSeen.value();
        if (seen != null && timestamp >= seen.wakeAt()) {
            checkSilence(timestamp, seen, ctx.getCurrentKey(), ctx.timerService(), out);
        }
    }

    private void processPendingUpTo(
            long timestamp, String animalId, TimerService timers, Collector<HealthAlert> out)
            throws Exception {
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
            process(reading, animalId, timers, out);
        }
    }

    private void process(
            Reading reading, String animalId, TimerService timers, Collector<HealthAlert> out)
            throws Exception {
        long at = reading.timestamp().toEpochMilli();
        Log log = new Log(animalId, reading.farmId(), timers, out);
        LastSeen seen = lastSeen.value();
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
            timers.deleteEventTimeTimer(seen.wakeAt());
        }
        timers.registerEventTimeTimer(wakeAt);
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

    private void checkSilence(
            long now,
            LastSeen seen,
            String animalId,
            TimerService timers,
            Collector<HealthAlert> out)
            throws Exception {
        long expiresAt = seen.lastReadingAt() + thresholds.stateTtl().toMillis();
        Log log = new Log(animalId, seen.farmId(), timers, out);
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
        timers.registerEventTimeTimer(next);
        lastSeen.update(new LastSeen(seen.farmId(), seen.lastReadingAt(), next));
    }

    /** The animal has been silent for the TTL: close what is open and forget it. */
    private void expire(Instant at, Log log) throws Exception {
        List<AlertKind> kinds = new ArrayList<>();
        open.keys().forEach(kinds::add);
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
        private final TimerService timers;
        private final Collector<HealthAlert> out;

        Log(String animalId, String farmId, TimerService timers, Collector<HealthAlert> out) {
            this.animalId = animalId;
            this.farmId = farmId;
            this.timers = timers;
            this.out = out;
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
            return Instant.ofEpochMilli(timers.currentProcessingTime());
        }
    }
}
