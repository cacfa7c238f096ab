package io.herdpulse.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herdpulse.model.AlertKind;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Severity;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.operators.StreamingRuntimeContext;
import org.apache.flink.util.Collector;

/**
 * The open alerts of the current animal (keyed state) and the rows that start and end them: the
 * {@link AlertLog} every rule reports to. A condition that continues raises no second alert; an end
 * without a start is ignored.
 */
public final class OpenAlerts {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MapState<AlertKind, HealthAlert> open;
    private final Collector<HealthAlert> out;
    private final LongSupplier processingTime;
    private final Map<AlertKind, Counter> raised = new EnumMap<>(AlertKind.class);

    public OpenAlerts(
            StreamingRuntimeContext context,
            MetricGroup metrics,
            Collector<HealthAlert> out,
            LongSupplier processingTime) {
        // The state's name of earlier versions, so savepoints keep it.
        this.open =
                context.getMapState(
                        new MapStateDescriptor<>("openAlerts", AlertKind.class, HealthAlert.class));
        this.out = out;
        this.processingTime = processingTime;
        MetricGroup group = metrics.addGroup("herdpulse");
        for (AlertKind kind : AlertKind.values()) {
            raised.put(kind, group.addGroup("kind", kind.name()).counter("alertsRaised"));
        }
    }

    /** The log of one animal of one farm, for the rules to report to. */
    public AlertLog of(String animalId, String farmId) {
        return new Log(animalId, farmId);
    }

    /** Ends every open alert of the animal, in a fixed order, and forgets them. */
    public void closeAll(AlertLog log, Instant at, ObjectNode details) throws Exception {
        List<AlertKind> kinds = new ArrayList<>();
        open.keys().forEach(kinds::add);
        // A map's iteration order may change with a restore.
        kinds.sort(Comparator.naturalOrder());
        for (AlertKind kind : kinds) {
            log.end(kind, at, details);
        }
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
            if (isActive(kind)) {
                return;
            }
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
            raised.get(kind).inc();
        }

        @Override
        public void end(AlertKind kind, Instant endedAt, ObjectNode details) {
            HealthAlert started;
            try {
                started = open.get(kind);
                // An end dated before the start says nothing of the alert: a reading from before a
                // silence, say, arriving late. Ending it there would break health_alerts' check
                // (ended_at >= started_at), and the job would fail on that row for ever.
                if (started == null || endedAt.isBefore(started.startedAt())) {
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
            return Instant.ofEpochMilli(processingTime.getAsLong());
        }
    }
}
