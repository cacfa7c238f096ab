package io.herdpulse.alerts.temperature;

import static io.herdpulse.alerts.Details.round;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herdpulse.alerts.AlertLog;
import io.herdpulse.alerts.AlertThresholds;
import io.herdpulse.alerts.Details;
import io.herdpulse.model.AlertKind;
import io.herdpulse.model.Reading;
import java.time.Instant;
import java.util.Arrays;

/**
 * FEVER, HYPOTHERMIA and DRINKING: the rules on single rumen temperatures.
 *
 * <p>A cow drinking cold water cools her rumen by several degrees for up to an hour or two. Such
 * readings are recognised against the median of her latest non-drinking readings and kept out of
 * FEVER and HYPOTHERMIA altogether: they neither count towards a run nor break one. Until an animal
 * has that many readings, its readings only fill the median.
 */
public final class TemperatureRules {
    private final AlertThresholds thresholds;

    public TemperatureRules(AlertThresholds thresholds) {
        this.thresholds = thresholds;
    }

    /** The state after this reading, the next of this animal in event time. */
    public TemperatureState apply(TemperatureState previous, Reading reading, AlertLog log) {
        TemperatureState state = previous == null ? TemperatureState.EMPTY : previous;
        double t = reading.rumenTempC();
        long at = reading.timestamp().toEpochMilli();

        if (state.inDrinkingBout()) {
            double median = state.boutMedianC();
            if (t >= median - thresholds.drinkingRecoveryC()) {
                log.end(AlertKind.DRINKING, reading.timestamp(), recovery(t, median, "recovered"));
                return notDrinking(state, reading, t, log);
            } else if (at - state.boutSince() >= thresholds.drinkingMaxDuration().toMillis()) {
                // Too long for drinking: whatever this is, it is her temperature now.
                log.end(
                        AlertKind.DRINKING,
                        reading.timestamp(),
                        recovery(t, median, "maxDuration"));
                double[] relearnt = new double[thresholds.drinkingMedianReadings()];
                Arrays.fill(relearnt, t);
                return notDrinking(
                        new TemperatureState(
                                relearnt, state.fever(), state.hypothermia(), null, 0, 0),
                        reading,
                        t,
                        log);
            }
            return state;
        }
        if (state.recentC().length == thresholds.drinkingMedianReadings()) {
            double median = reference(state);
            double limit = median - thresholds.drinkingDropC();
            if (t <= limit) {
                ObjectNode details = Details.object();
                details.put("medianC", round(median));
                details.put("dropC", round(median - t));
                details.set("recentC", temperatures(state.recentC()));
                log.start(AlertKind.DRINKING, reading.timestamp(), t, round(limit), details);
                return new TemperatureState(
                        state.recentC(), state.fever(), state.hypothermia(), median, at, 0);
            }
        }
        return notDrinking(state, reading, t, log);
    }

    /**
     * The median a drop is measured against. The re-warming readings after a bout are normal
     * readings and join the median, but would drag it down and hide the next drink as a chill; so
     * until the median has been refilled since the bout, the bout's median holds if it is higher.
     */
    private double reference(TemperatureState state) {
        double median = median(state.recentC());
        return state.boutMedianC() == null ? median : Math.max(median, state.boutMedianC());
    }

    private TemperatureState notDrinking(
            TemperatureState state, Reading reading, double t, AlertLog log) {
        double[] recent = append(state.recentC(), t);
        if (state.recentC().length < thresholds.drinkingMedianReadings()) {
            // A new bolus cannot tell drinking from illness yet: its first readings only teach the
            // median (else a cow that drank just before would start with HYPOTHERMIA).
            return new TemperatureState(recent, Run.NONE, Run.NONE, null, 0, 0);
        }
        Run fever =
                streak(
                        AlertKind.FEVER,
                        state.fever(),
                        t >= thresholds.feverC(),
                        t < thresholds.feverEndC(),
                        thresholds.feverC(),
                        recent,
                        reading,
                        log);
        Run hypothermia =
                streak(
                        AlertKind.HYPOTHERMIA,
                        state.hypothermia(),
                        t <= thresholds.hypothermiaC(),
                        t > thresholds.hypothermiaEndC(),
                        thresholds.hypothermiaC(),
                        recent,
                        reading,
                        log);
        int afterBout = state.afterBout() + 1;
        boolean holding =
                state.boutMedianC() != null && afterBout < thresholds.drinkingMedianReadings();
        return new TemperatureState(
                recent,
                fever,
                hypothermia,
                holding ? state.boutMedianC() : null,
                holding ? state.boutSince() : 0,
                holding ? afterBout : 0);
    }

    /**
     * One step of a consecutive-readings rule: counts towards the start while the alert is closed
     * and towards the end while it is open; both are dated by the run's first reading.
     */
    private Run streak(
            AlertKind kind,
            Run run,
            boolean onset,
            boolean recovery,
            double threshold,
            double[] recent,
            Reading reading,
            AlertLog log) {
        boolean open = log.isActive(kind);
        Run next = run.next(open ? recovery : onset, reading.timestamp().toEpochMilli());
        if (next.length() < thresholds.consecutiveReadings()) {
            return next;
        }
        ObjectNode details = Details.object();
        details.set(
                "temperaturesC",
                temperatures(
                        Arrays.copyOfRange(
                                recent,
                                Math.max(0, recent.length - thresholds.consecutiveReadings()),
                                recent.length)));
        details.put("firstReadingAt", Instant.ofEpochMilli(next.since()).toString());
        details.put("medianC", round(median(recent)));
        if (open) {
            log.end(kind, Instant.ofEpochMilli(next.since()), details);
        } else {
            log.start(
                    kind,
                    Instant.ofEpochMilli(next.since()),
                    reading.rumenTempC(),
                    threshold,
                    details);
        }
        return Run.NONE;
    }

    private static ObjectNode recovery(double t, double median, String reason) {
        ObjectNode details = Details.object();
        details.put("reason", reason);
        details.put("temperatureC", round(t));
        details.put("medianC", round(median));
        return details;
    }

    private double[] append(double[] recent, double t) {
        int keep = Math.min(recent.length, thresholds.drinkingMedianReadings() - 1);
        double[] next = new double[keep + 1];
        System.arraycopy(recent, recent.length - keep, next, 0, keep);
        next[keep] = t;
        return next;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    private static ArrayNode temperatures(double[] values) {
        ArrayNode array = Details.array();
        for (double v : values) {
            array.add(round(v));
        }
        return array;
    }
}
