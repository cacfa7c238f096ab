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
 * FEVER and HYPOTHERMIA altogether: they neither count towards a run nor break one.
 *
 * <p>A bolus that reports water intake tells of drinks too small to fall by the drinking drop: a
 * reading with water more than the drinking recovery below the median starts a bout without a
 * DRINKING event (DESIGN.md's event needs the full drop), and its re-warming is left out likewise.
 *
 * <p>The median must be learnt before it can tell a drink: until it is full and its readings lie
 * within {@link #LEVEL_C} of each other, readings only teach it. A median learnt from a rumen still
 * re-warming from a drink would be too low, and the rest of the re-warming would look like
 * HYPOTHERMIA: this happens to a new bolus of a cow that just drank, and after a "bout" that
 * outlasted {@link AlertThresholds#drinkingMaxDuration()} (several drinks in a row, each cooling
 * the rumen again before it re-warmed, or a real fall hidden by a drink), whose median is learnt
 * afresh from the reading that ends it.
 */
public final class TemperatureRules {
    /**
     * How far apart a median's readings may lie for it to count as learnt. Outside drinking a rumen
     * moves less within an hour: the daily rhythm of ±0.15 °C changes it by under 0.05 °C, sensor
     * noise by about 0.1 °C. A rumen re-warming from a drink rises by more until the last minutes.
     */
    static final double LEVEL_C = 0.5;

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
            }
            if (at - state.boutSince() >= thresholds.drinkingMaxDuration().toMillis()) {
                // Too long for drinking: whatever this is, her median no longer says.
                log.end(
                        AlertKind.DRINKING,
                        reading.timestamp(),
                        recovery(t, median, "maxDuration"));
                return state.relearning(t);
            }
            return state;
        }
        if (state.settled()) {
            double median = reference(state);
            double limit = median - thresholds.drinkingDropC();
            if (t <= limit) {
                ObjectNode details = Details.object();
                details.put("medianC", round(median));
                details.put("dropC", round(median - t));
                details.set("recentC", temperatures(state.recentC()));
                log.start(AlertKind.DRINKING, reading.timestamp(), t, round(limit), details);
                return new TemperatureState(
                        state.recentC(), state.fever(), state.hypothermia(), median, at, 0, true);
            }
            if (reportsWater(reading) && t < median - thresholds.drinkingRecoveryC()) {
                // A small drink: too small a fall for a DRINKING event, but her rumen re-warms
                // from it all the same, through 37.5 °C if her normal is low. The bolus says she
                // drank, so these are drinking readings too, until back within the recovery.
                return new TemperatureState(
                        state.recentC(), state.fever(), state.hypothermia(), median, at, 0, true);
            }
        }
        return notDrinking(state, reading, t, log);
    }

    /** Whether the bolus measured water drunk since its previous reading. */
    private static boolean reportsWater(Reading reading) {
        return reading.waterIntakeL() != null && reading.waterIntakeL() > 0;
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
        if (!state.settled()) {
            boolean settled =
                    recent.length == thresholds.drinkingMedianReadings() && span(recent) <= LEVEL_C;
            return new TemperatureState(
                    recent, state.fever(), state.hypothermia(), null, 0, 0, settled);
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
                holding ? afterBout : 0,
                true);
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

    private static double span(double[] values) {
        return Arrays.stream(values).max().orElseThrow()
                - Arrays.stream(values).min().orElseThrow();
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
