package io.herdpulse.alerts.scoring;

import io.herdpulse.alerts.AlertDetector;
import io.herdpulse.alerts.AlertThresholds;
import io.herdpulse.alerts.scoring.SimulatedHerd.Injected;
import io.herdpulse.model.AlertKind;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;

/**
 * Runs a simulated herd through the detector in the operator harness (readings in event-time order,
 * the watermark at each step) and scores the alerts against the injected conditions.
 *
 * <p>An alert that starts on a cow with a condition of its kind, between the condition's start and
 * one day after its end, detects it (the delay counted in event time from the condition's start to
 * the reading that raised it); any other alert but DRINKING, which is an event, is a false alarm.
 */
final class HerdScore {
    private static final Duration GRACE = Duration.ofDays(1);

    /** Per kind: conditions injected and detected, detection delays, false alarms. */
    record KindScore(int injected, int detected, List<Duration> delays, int falseAlarms) {
        Duration maxDelay() {
            return delays.stream().max(Duration::compareTo).orElse(null);
        }

        Duration medianDelay() {
            if (delays.isEmpty()) {
                return null;
            }
            List<Duration> sorted = delays.stream().sorted().toList();
            return sorted.get(sorted.size() / 2);
        }
    }

    record Result(
            Map<AlertKind, KindScore> byKind,
            int cowDays,
            List<Injected> missed,
            List<HealthAlert> falseAlarmAlerts) {
        int falseAlarms() {
            return byKind.values().stream().mapToInt(KindScore::falseAlarms).sum();
        }

        String table() {
            StringBuilder out = new StringBuilder();
            out.append(
                    String.format(
                            "%-15s %8s %8s %8s %14s %14s %22s%n",
                            "rule",
                            "injected",
                            "detected",
                            "recall",
                            "median delay",
                            "max delay",
                            "false/1000 cow-days"));
            byKind.forEach(
                    (kind, s) ->
                            out.append(
                                    String.format(
                                            "%-15s %8d %8d %8s %14s %14s %22.3f%n",
                                            kind,
                                            s.injected(),
                                            s.detected(),
                                            s.injected() == 0
                                                    ? "-"
                                                    : String.format(
                                                            "%.1f%%",
                                                            100.0 * s.detected() / s.injected()),
                                            s.medianDelay() == null ? "-" : s.medianDelay(),
                                            s.maxDelay() == null ? "-" : s.maxDelay(),
                                            1000.0 * s.falseAlarms() / cowDays)));
            return out.toString();
        }
    }

    private HerdScore() {}

    static Result run(SimulatedHerd herd, AlertThresholds thresholds) throws Exception {
        List<HealthAlert> starts = new ArrayList<>();
        List<Instant> raisedAt = new ArrayList<>();
        try (KeyedOneInputStreamOperatorTestHarness<String, Reading, HealthAlert> harness =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                        new AlertDetector(thresholds), Reading::animalId, Types.STRING)) {
            for (int step = 0; step < herd.steps(); step++) {
                Instant t = SimulatedHerd.at(step);
                for (Reading reading : herd.readingsAt(step)) {
                    harness.processElement(reading, reading.timestamp().toEpochMilli());
                }
                harness.processWatermark(t.toEpochMilli());
                for (HealthAlert alert : harness.extractOutputValues()) {
                    if (alert.endedAt() == null) {
                        starts.add(alert);
                        raisedAt.add(t);
                    }
                }
                harness.getOutput().clear();
            }
        }
        return score(herd, starts, raisedAt);
    }

    private static Result score(
            SimulatedHerd herd, List<HealthAlert> starts, List<Instant> raisedAt) {
        Map<AlertKind, List<Duration>> delays = new EnumMap<>(AlertKind.class);
        Map<AlertKind, Integer> falseAlarms = new EnumMap<>(AlertKind.class);
        Map<Injected, Boolean> found = new java.util.HashMap<>();
        List<HealthAlert> wrong = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            HealthAlert alert = starts.get(i);
            if (alert.kind() == AlertKind.DRINKING) {
                continue;
            }
            Injected match = matching(herd, alert, raisedAt.get(i));
            if (match == null) {
                falseAlarms.merge(alert.kind(), 1, Integer::sum);
                wrong.add(alert);
            } else if (found.putIfAbsent(match, true) == null) {
                delays.computeIfAbsent(alert.kind(), k -> new ArrayList<>())
                        .add(Duration.between(match.start(), raisedAt.get(i)));
            }
        }
        Map<AlertKind, KindScore> byKind = new EnumMap<>(AlertKind.class);
        for (AlertKind kind : AlertKind.values()) {
            if (kind == AlertKind.DRINKING) {
                continue;
            }
            int injected = (int) herd.injected().stream().filter(c -> c.kind() == kind).count();
            List<Duration> d = delays.getOrDefault(kind, List.of());
            byKind.put(
                    kind, new KindScore(injected, d.size(), d, falseAlarms.getOrDefault(kind, 0)));
        }
        List<Injected> missed =
                herd.injected().stream().filter(c -> !found.containsKey(c)).toList();
        return new Result(byKind, herd.cowDays(), missed, wrong);
    }

    private static Injected matching(SimulatedHerd herd, HealthAlert alert, Instant raisedAt) {
        for (Injected c : herd.injected()) {
            if (c.animalId().equals(alert.animalId())
                    && c.kind() == alert.kind()
                    && !raisedAt.isBefore(c.start())
                    && raisedAt.isBefore(c.end().plus(GRACE))) {
                return c;
            }
        }
        return null;
    }
}
