package io.herdpulse.alerts;

import java.io.Serializable;
import java.time.Duration;

/**
 * Every threshold and span of the alert rules in DESIGN.md, validated once.
 *
 * <p>Windowed rules keep hourly aggregates, so their spans must be whole hours; the longest span
 * decides how many hourly buckets an animal carries in state.
 *
 * @param drinkingMaxDuration not in DESIGN.md: a drop lasting longer than this is not a drinking
 *     bout (the rumen re-warms within about an hour), so the bout ends and the animal's median is
 *     learnt afresh; without it a sudden lasting drop would hide a hypothermia for ever
 * @param stateTtl an animal that sends nothing for this long has its state cleared and its open
 *     alerts closed
 */
public record AlertThresholds(
        double feverC,
        double feverEndC,
        double hypothermiaC,
        double hypothermiaEndC,
        int consecutiveReadings,
        double drinkingDropC,
        double drinkingRecoveryC,
        int drinkingMedianReadings,
        Duration drinkingMaxDuration,
        double lowRuminationRatio,
        double lowRuminationEndRatio,
        Duration ruminationSpan,
        double highActivityRatio,
        double highActivityEndRatio,
        Duration activitySpan,
        int baselineDays,
        int minHistoryDays,
        double lowPh,
        Duration lowPhDuration,
        Duration lowPhEndDuration,
        Duration lowPhWindow,
        Duration expectedInterval,
        int silentIntervals,
        Duration stateTtl)
        implements Serializable {

    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration LONGEST_WINDOW = Duration.ofHours(48);

    public AlertThresholds {
        require(feverEndC <= feverC, "the fever end threshold must not exceed the fever threshold");
        require(
                hypothermiaEndC >= hypothermiaC,
                "the hypothermia end threshold must not be below the hypothermia threshold");
        require(consecutiveReadings >= 1, "consecutive readings must be at least 1");
        require(drinkingDropC > 0, "the drinking drop must be positive");
        require(
                drinkingRecoveryC > 0 && drinkingRecoveryC <= drinkingDropC,
                "the drinking recovery must be positive and at most the drinking drop");
        require(drinkingMedianReadings >= 1, "the drinking median needs at least 1 reading");
        require(positive(drinkingMaxDuration), "the drinking maximum duration must be positive");
        require(
                lowRuminationRatio > 0 && lowRuminationEndRatio >= lowRuminationRatio,
                "low rumination ratios must be positive, the end ratio at least the start ratio");
        require(
                highActivityRatio > 0 && highActivityEndRatio <= highActivityRatio,
                "high activity ratios must be positive, the end ratio at most the start ratio");
        requireWindow(ruminationSpan, "rumination span");
        requireWindow(activitySpan, "activity span");
        requireWindow(lowPhWindow, "low pH window");
        require(
                baselineDays >= 1 && minHistoryDays >= 1 && minHistoryDays <= baselineDays,
                "need 1 <= minimum history days <= baseline days");
        require(lowPh > 0, "the low pH threshold must be positive");
        require(
                positive(lowPhEndDuration)
                        && lowPhEndDuration.compareTo(lowPhDuration) <= 0
                        && lowPhDuration.compareTo(lowPhWindow) <= 0,
                "need 0 < low pH end duration <= low pH duration <= low pH window");
        require(positive(expectedInterval), "the expected reading interval must be positive");
        require(silentIntervals >= 1, "silent intervals must be at least 1");
        require(
                stateTtl != null
                        && stateTtl.compareTo(expectedInterval.multipliedBy(silentIntervals)) > 0,
                "the alert state TTL must be longer than the silence span");
    }

    /** The defaults of DESIGN.md's alert table. */
    public static AlertThresholds defaults() {
        return new AlertThresholds(
                39.7,
                39.5,
                37.5,
                38.0,
                3,
                2.0,
                1.0,
                6,
                Duration.ofHours(2),
                0.6,
                0.8,
                Duration.ofHours(24),
                2.5,
                1.5,
                Duration.ofHours(2),
                7,
                3,
                5.8,
                Duration.ofHours(3),
                Duration.ofHours(1),
                Duration.ofHours(24),
                Duration.ofMinutes(10),
                3,
                Duration.ofDays(7));
    }

    /** How long an animal may send nothing before it counts as silent. */
    public Duration silentSpan() {
        return expectedInterval.multipliedBy(silentIntervals);
    }

    /** How many hourly buckets cover the longest windowed rule, plus the partly covered oldest. */
    public int hourlyBuckets() {
        long hours = Math.max(ruminationSpan.toHours(), activitySpan.toHours());
        return (int) Math.max(hours, lowPhWindow.toHours()) + 1;
    }

    private static void requireWindow(Duration span, String name) {
        require(
                positive(span)
                        && span.toMillis() % HOUR.toMillis() == 0
                        && span.compareTo(LONGEST_WINDOW) <= 0,
                "the " + name + " must be whole hours, from PT1H to PT48H");
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
