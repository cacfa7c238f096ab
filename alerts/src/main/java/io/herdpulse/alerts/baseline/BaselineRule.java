package io.herdpulse.alerts.baseline;

import static io.herdpulse.alerts.Details.round;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herdpulse.alerts.AlertLog;
import io.herdpulse.alerts.AlertRule;
import io.herdpulse.alerts.Details;
import io.herdpulse.alerts.HourlyRing;
import io.herdpulse.alerts.silence.LastSeen;
import io.herdpulse.model.AlertKind;
import io.herdpulse.model.Reading;
import java.time.Duration;

/**
 * LOW_RUMINATION and HIGH_ACTIVITY: a recent window compared with the animal's own baseline.
 *
 * <p>Both compare means per reading (the window's against the baseline days'), which equals
 * DESIGN.md's "total over the span against the mean total of such a span" when the bolus reports on
 * time, and stays right when a few readings are missing. A window or a baseline day counts only
 * when it holds at least {@link BaselineThresholds#minCoverage()} of the readings the sensor
 * interval promises; the rules stay silent until {@code minHistoryDays} complete UTC days before
 * today count.
 */
public final class BaselineRule implements AlertRule<BaselineState> {
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long DAY = Duration.ofDays(1).toMillis();

    private final BaselineThresholds thresholds;
    private final Duration sensorInterval;
    private final int hourlyBuckets;
    private final double readingsPerDay;

    public BaselineRule(BaselineThresholds thresholds, Duration sensorInterval) {
        this.thresholds = thresholds;
        this.sensorInterval = sensorInterval;
        this.hourlyBuckets = thresholds.hourlyBuckets();
        this.readingsPerDay = (double) DAY / sensorInterval.toMillis();
    }

    @Override
    public String stateName() {
        return "baseline";
    }

    @Override
    public Class<BaselineState> stateType() {
        return BaselineState.class;
    }

    @Override
    public BaselineState onReading(
            BaselineState before, Reading reading, LastSeen previous, AlertLog log) {
        BaselineState state = add(before, reading);
        Baseline baseline = baseline(state);
        if (baseline.days() < thresholds.minHistoryDays()) {
            return state;
        }
        long at = reading.timestamp().toEpochMilli();
        double elapsed = HourlyRing.elapsed(at, state.hour(), HOUR);

        Window rumination =
                window(state.hourRumination(), state, thresholds.ruminationSpan(), elapsed);
        if (rumination.covered(thresholds.minCoverage()) && baseline.rumination() > 0) {
            double ratio = rumination.mean() / baseline.rumination();
            boolean open = log.isActive(AlertKind.LOW_RUMINATION);
            if (!open && ratio < thresholds.lowRuminationRatio()) {
                log.start(
                        AlertKind.LOW_RUMINATION,
                        reading.timestamp(),
                        round(ratio),
                        thresholds.lowRuminationRatio(),
                        details("ruminationMin", rumination, baseline.rumination(), baseline));
            } else if (open && ratio >= thresholds.lowRuminationEndRatio()) {
                log.end(
                        AlertKind.LOW_RUMINATION,
                        reading.timestamp(),
                        details("ruminationMin", rumination, baseline.rumination(), baseline));
            }
        }

        Window activity = window(state.hourActivity(), state, thresholds.activitySpan(), elapsed);
        if (activity.covered(thresholds.minCoverage()) && baseline.activity() > 0) {
            double ratio = activity.mean() / baseline.activity();
            boolean open = log.isActive(AlertKind.HIGH_ACTIVITY);
            if (!open && ratio > thresholds.highActivityRatio()) {
                log.start(
                        AlertKind.HIGH_ACTIVITY,
                        reading.timestamp(),
                        round(ratio),
                        thresholds.highActivityRatio(),
                        details("activity", activity, baseline.activity(), baseline));
            } else if (open && ratio <= thresholds.highActivityEndRatio()) {
                log.end(
                        AlertKind.HIGH_ACTIVITY,
                        reading.timestamp(),
                        details("activity", activity, baseline.activity(), baseline));
            }
        }
        return state;
    }

    private BaselineState add(BaselineState previous, Reading reading) {
        BaselineState state = previous == null ? BaselineState.EMPTY : previous;
        long at = reading.timestamp().toEpochMilli();
        long hour = HourlyRing.bucketOf(at, HOUR);
        long day = HourlyRing.bucketOf(at, DAY);
        long hours = hour - state.hour();
        long days = day - state.day();
        // An older reading (never given by the detector) counts in its own bucket.
        hour = Math.max(hour, state.hour());
        day = Math.max(day, state.day());
        int dayBuckets = thresholds.baselineDays() + 1;
        return new BaselineState(
                hour,
                advance(state.hourRumination(), hours, hourlyBuckets, reading.ruminationMin()),
                advance(state.hourActivity(), hours, hourlyBuckets, reading.activity()),
                advance(state.hourReadings(), hours, hourlyBuckets, 1),
                day,
                advance(state.dayRumination(), days, dayBuckets, reading.ruminationMin()),
                advance(state.dayActivity(), days, dayBuckets, reading.activity()),
                advance(state.dayReadings(), days, dayBuckets, 1));
    }

    private static float[] advance(float[] ring, long steps, int size, double amount) {
        return HourlyRing.advanceAndAdd(ring, steps, size, amount);
    }

    private Window window(float[] sums, BaselineState state, Duration span, double elapsed) {
        int hours = (int) span.toHours();
        double total = HourlyRing.window(sums, hours, elapsed);
        double readings = HourlyRing.window(state.hourReadings(), hours, elapsed);
        double expected = (double) span.toMillis() / sensorInterval.toMillis();
        return new Window(total, readings, expected);
    }

    /** The completed days before today that hold enough readings, summed per reading. */
    private Baseline baseline(BaselineState state) {
        int days = 0;
        double rumination = 0;
        double activity = 0;
        double readings = 0;
        for (int i = 1; i < state.dayReadings().length; i++) {
            if (state.dayReadings()[i] >= thresholds.minCoverage() * readingsPerDay) {
                days++;
                rumination += state.dayRumination()[i];
                activity += state.dayActivity()[i];
                readings += state.dayReadings()[i];
            }
        }
        return days == 0
                ? new Baseline(0, 0, 0)
                : new Baseline(days, rumination / readings, activity / readings);
    }

    private ObjectNode details(String measure, Window window, double baselineMean, Baseline b) {
        ObjectNode details = Details.object();
        details.put(measure + "Window", round(window.mean() * window.expected()));
        details.put(measure + "BaselineForWindow", round(baselineMean * window.expected()));
        details.put("readingsInWindow", round(window.readings()));
        details.put("baselineDays", b.days());
        return details;
    }

    /** A window's total and how many readings it rests on (the oldest bucket weighted). */
    private record Window(double total, double readings, double expected) {
        boolean covered(double share) {
            return readings >= share * expected;
        }

        double mean() {
            return total / readings;
        }
    }

    /** The baseline means per reading over {@code days} complete days. */
    private record Baseline(int days, double rumination, double activity) {}
}
