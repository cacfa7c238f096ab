package io.herdpulse.alerts.baseline;

import io.herdpulse.alerts.Require;
import java.io.Serializable;
import java.time.Duration;

/**
 * LOW_RUMINATION and HIGH_ACTIVITY against the animal's own baseline, with their defaults.
 *
 * @param minCoverage a window or a baseline day is judged only when it holds at least this share of
 *     the readings the sensor interval promises: a few missing readings then do not look like low
 *     rumination, and a day the bolus mostly missed does not teach her normal
 */
public record BaselineThresholds(
        double lowRuminationRatio,
        double lowRuminationEndRatio,
        Duration ruminationSpan,
        double highActivityRatio,
        double highActivityEndRatio,
        Duration activitySpan,
        int baselineDays,
        int minHistoryDays,
        double minCoverage)
        implements Serializable {

    public static final BaselineThresholds DEFAULTS =
            new BaselineThresholds(
                    0.6, 0.8, Duration.ofHours(24), 2.5, 1.5, Duration.ofHours(2), 7, 3, 0.5);

    public BaselineThresholds {
        Require.that(
                lowRuminationRatio > 0 && lowRuminationEndRatio >= lowRuminationRatio,
                "low rumination ratios must be positive, the end ratio at least the start ratio");
        Require.that(
                highActivityRatio > 0 && highActivityEndRatio <= highActivityRatio,
                "high activity ratios must be positive, the end ratio at most the start ratio");
        Require.window(ruminationSpan, "rumination span");
        Require.window(activitySpan, "activity span");
        Require.that(
                baselineDays >= 1 && minHistoryDays >= 1 && minHistoryDays <= baselineDays,
                "need 1 <= minimum history days <= baseline days");
        Require.that(minCoverage > 0 && minCoverage <= 1, "the minimum coverage must be in (0, 1]");
    }

    /** Hourly buckets covering the longer span, plus the partly covered oldest. */
    int hourlyBuckets() {
        return (int) Math.max(ruminationSpan.toHours(), activitySpan.toHours()) + 1;
    }
}
