package io.herdpulse.alerts.scoring;

import io.herdpulse.alerts.scoring.GroundTruth.Episode;
import io.herdpulse.model.AlertKind;
import io.herdpulse.model.HealthAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Scores raised alerts against the ground truth of a simulated run.
 *
 * <p>An alert raised on a cow with a condition that expects its kind, from the condition's start to
 * one day after its end, detects it; the delay is the event time from the condition's start to the
 * reading (or silence deadline) that raised the alert. An alert raised on a cow during one of her
 * sensor faults (or a day after) is the fault's doing: frozen or missing values are what the rules
 * are given. Any other alert but DRINKING, which is an event, is a false alarm.
 */
public final class HerdScore {
    static final Duration GRACE = Duration.ofDays(1);

    /** An alert as it started, and the event time of the reading or timer that raised it. */
    public record Raised(HealthAlert alert, Instant at) {}

    /** An alert raised during (or a day after) a sensor fault of its cow. */
    public record DuringFault(Raised raised, Episode fault) {}

    /**
     * Per kind: conditions injected and detected, detection delays from the condition's start and
     * (FEVER, HYPOTHERMIA) from the reading whose temperature stayed past the threshold, and how
     * many readings past the threshold (that one included) came up to the alert, false alarms.
     */
    public record KindScore(
            int injected,
            int detected,
            List<Duration> delays,
            List<Duration> fromCrossing,
            List<Integer> readingsFromCrossing,
            List<Duration> fromAnyReading,
            List<Duration> fromOwnTemperature,
            int falseAlarms) {
        /** The most readings past the threshold up to an alert: issue 13's "within 3 readings". */
        public Integer maxReadingsFromCrossing() {
            return readingsFromCrossing.stream().max(Integer::compare).orElse(null);
        }

        public Duration maxDelay() {
            return delays.stream().max(Duration::compareTo).orElse(null);
        }

        public Duration medianDelay() {
            if (delays.isEmpty()) {
                return null;
            }
            List<Duration> sorted = delays.stream().sorted().toList();
            return sorted.get(sorted.size() / 2);
        }

        public Duration medianFromCrossing() {
            if (fromCrossing.isEmpty()) {
                return null;
            }
            List<Duration> sorted = fromCrossing.stream().sorted().toList();
            return sorted.get(sorted.size() / 2);
        }

        public Duration maxFromCrossing() {
            return fromCrossing.stream().max(Duration::compareTo).orElse(null);
        }

        public Duration medianFromAnyReading() {
            return median(fromAnyReading);
        }

        public Duration maxFromAnyReading() {
            return fromAnyReading.stream().max(Duration::compareTo).orElse(null);
        }

        public Duration medianFromOwnTemperature() {
            return median(fromOwnTemperature);
        }

        public Duration maxFromOwnTemperature() {
            return fromOwnTemperature.stream().max(Duration::compareTo).orElse(null);
        }

        private static Duration median(List<Duration> durations) {
            if (durations.isEmpty()) {
                return null;
            }
            List<Duration> sorted = durations.stream().sorted().toList();
            return sorted.get(sorted.size() / 2);
        }
    }

    public record Result(
            Map<AlertKind, KindScore> byKind,
            int cowDays,
            List<Episode> missed,
            List<Raised> falseAlarms,
            List<DuringFault> duringSensorFaults) {

        /** "kind during condition" → how many, e.g. {@code HYPOTHERMIA during stuck=2}. */
        public Map<String, Long> faultAlertCounts() {
            return duringSensorFaults.stream()
                    .collect(
                            Collectors.groupingBy(
                                    f ->
                                            f.raised().alert().kind()
                                                    + " during "
                                                    + f.fault().condition(),
                                    TreeMap::new,
                                    Collectors.counting()));
        }

        public KindScore of(AlertKind kind) {
            return byKind.get(kind);
        }

        public double falseAlarmsPer1000CowDays(AlertKind kind) {
            return 1000.0 * byKind.get(kind).falseAlarms() / cowDays;
        }

        public String table() {
            StringBuilder out = new StringBuilder();
            out.append(
                    String.format(
                            "%-15s %8s %8s %8s %14s %14s %20s %16s %16s %10s %16s %16s %16s %16s%n",
                            "rule",
                            "injected",
                            "detected",
                            "recall",
                            "median delay",
                            "max delay",
                            "false/1000 cow-days",
                            "median past thr",
                            "max past thr",
                            "max rdgs",
                            "median any rdg",
                            "max any rdg",
                            "median own temp",
                            "max own temp"));
            byKind.forEach(
                    (kind, s) ->
                            out.append(
                                    String.format(
                                            "%-15s %8d %8d %8s %14s %14s %20.3f %16s %16s %10s"
                                                    + " %16s %16s %16s %16s%n",
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
                                            falseAlarmsPer1000CowDays(kind),
                                            s.medianFromCrossing() == null
                                                    ? "-"
                                                    : s.medianFromCrossing(),
                                            s.maxFromCrossing() == null ? "-" : s.maxFromCrossing(),
                                            s.maxReadingsFromCrossing() == null
                                                    ? "-"
                                                    : s.maxReadingsFromCrossing(),
                                            orDash(s.medianFromAnyReading()),
                                            orDash(s.maxFromAnyReading()),
                                            orDash(s.medianFromOwnTemperature()),
                                            orDash(s.maxFromOwnTemperature()))));
            out.append(
                    String.format(
                            "%d cow-days; %d false alarms; alerts during injected sensor"
                                    + " faults: %s; missed: %s%n",
                            cowDays, falseAlarms.size(), faultAlertCounts(), missed));
            return out.toString();
        }
    }

    private HerdScore() {}

    private static Object orDash(Duration duration) {
        return duration == null ? "-" : duration;
    }

    /**
     * @param crossings the FEVER/HYPOTHERMIA cows' readings, read for when each episode's
     *     temperature reached its threshold to stay there ({@link Crossings#of}), the same from any
     *     reading ({@link Crossings#anyReading}) and from her own temperature ({@link
     *     Crossings#ownTemperature}), where recorded
     */
    public static Result score(
            List<Episode> truth, List<Raised> raised, int cowDays, Crossings crossings) {
        Map<Episode, Instant> pastThreshold = crossings.of(truth);
        Map<Episode, Instant> anyReading = crossings.anyReading(truth);
        Map<Episode, Instant> ownTemperature = crossings.ownTemperature(truth);
        Map<AlertKind, List<Duration>> delays = new EnumMap<>(AlertKind.class);
        Map<AlertKind, List<Duration>> fromCrossing = new EnumMap<>(AlertKind.class);
        Map<AlertKind, List<Integer>> readingsFromCrossing = new EnumMap<>(AlertKind.class);
        Map<AlertKind, List<Duration>> fromAny = new EnumMap<>(AlertKind.class);
        Map<AlertKind, List<Duration>> fromOwn = new EnumMap<>(AlertKind.class);
        Map<AlertKind, Integer> falseAlarms = new EnumMap<>(AlertKind.class);
        Set<Episode> detected = new HashSet<>();
        List<Raised> wrong = new ArrayList<>();
        List<DuringFault> faults = new ArrayList<>();
        List<Raised> inOrder =
                raised.stream()
                        .filter(r -> r.alert().kind() != AlertKind.DRINKING)
                        .sorted(Comparator.comparing(Raised::at))
                        .toList();
        for (Raised r : inOrder) {
            Episode match = covering(truth, r, r.alert().kind());
            Episode fault = covering(truth, r, null);
            if (match != null) {
                if (detected.add(match)) {
                    delays.computeIfAbsent(r.alert().kind(), k -> new ArrayList<>())
                            .add(Duration.between(match.from(), r.at()));
                    Instant crossed = pastThreshold.get(match);
                    if (crossed != null) {
                        fromCrossing
                                .computeIfAbsent(r.alert().kind(), k -> new ArrayList<>())
                                .add(Duration.between(crossed, r.at()));
                        readingsFromCrossing
                                .computeIfAbsent(r.alert().kind(), k -> new ArrayList<>())
                                .add(crossings.readingsPast(match, crossed, r.at()));
                    }
                    Instant any = anyReading.get(match);
                    if (any != null) {
                        fromAny.computeIfAbsent(r.alert().kind(), k -> new ArrayList<>())
                                .add(Duration.between(any, r.at()));
                    }
                    Instant own = ownTemperature.get(match);
                    if (own != null) {
                        fromOwn.computeIfAbsent(r.alert().kind(), k -> new ArrayList<>())
                                .add(Duration.between(own, r.at()));
                    }
                }
            } else if (fault != null) {
                faults.add(new DuringFault(r, fault));
            } else {
                falseAlarms.merge(r.alert().kind(), 1, Integer::sum);
                wrong.add(r);
            }
        }
        Map<AlertKind, KindScore> byKind = new EnumMap<>(AlertKind.class);
        for (AlertKind kind : AlertKind.values()) {
            if (kind != AlertKind.DRINKING) {
                int injected = (int) truth.stream().filter(e -> e.expected() == kind).count();
                List<Duration> d = delays.getOrDefault(kind, List.of());
                byKind.put(
                        kind,
                        new KindScore(
                                injected,
                                d.size(),
                                d,
                                fromCrossing.getOrDefault(kind, List.of()),
                                readingsFromCrossing.getOrDefault(kind, List.of()),
                                fromAny.getOrDefault(kind, List.of()),
                                fromOwn.getOrDefault(kind, List.of()),
                                falseAlarms.getOrDefault(kind, 0)));
            }
        }
        List<Episode> missed =
                truth.stream().filter(e -> e.expected() != null && !detected.contains(e)).toList();
        return new Result(byKind, cowDays, missed, wrong, faults);
    }

    /** The cow's episode expecting this kind (null: a sensor fault) around the raise time. */
    private static Episode covering(List<Episode> truth, Raised r, AlertKind expected) {
        for (Episode e : truth) {
            if (e.animalId().equals(r.alert().animalId())
                    && e.expected() == expected
                    && !r.at().isBefore(e.from())
                    && r.at().isBefore(e.to().plus(GRACE))) {
                return e;
            }
        }
        return null;
    }
}
