package io.herdpulse.alerts;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The alert rules' thresholds as command-line options, for the job's CLI to include with
 * {@code @Mixin}. Defaults are DESIGN.md's; durations are ISO-8601 ({@code PT10M}, {@code P7D}).
 */
public class AlertOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(
            names = "--fever-c",
            defaultValue = "39.7",
            description =
                    "FEVER: rumen temperature at or above this (°C)… (default: ${DEFAULT-VALUE})")
    private double feverC;

    @Option(
            names = "--fever-end-c",
            defaultValue = "39.5",
            description =
                    "…ends on consecutive readings below this (°C) (default: ${DEFAULT-VALUE})")
    private double feverEndC;

    @Option(
            names = "--hypothermia-c",
            defaultValue = "37.5",
            description =
                    "HYPOTHERMIA: rumen temperature at or below this (°C)… (default: ${DEFAULT-VALUE})")
    private double hypothermiaC;

    @Option(
            names = "--hypothermia-end-c",
            defaultValue = "38.0",
            description =
                    "…ends on consecutive readings above this (°C) (default: ${DEFAULT-VALUE})")
    private double hypothermiaEndC;

    @Option(
            names = "--consecutive-readings",
            defaultValue = "3",
            description =
                    "FEVER/HYPOTHERMIA: consecutive non-drinking readings to start or end (default: ${DEFAULT-VALUE})")
    private int consecutiveReadings;

    @Option(
            names = "--drinking-drop-c",
            defaultValue = "2.0",
            description =
                    "DRINKING: temperature this far below the animal's median (°C) (default: ${DEFAULT-VALUE})")
    private double drinkingDropC;

    @Option(
            names = "--drinking-recovery-c",
            defaultValue = "1.0",
            description =
                    "DRINKING: the bout ends at the first reading back within this of the median (°C) (default: ${DEFAULT-VALUE})")
    private double drinkingRecoveryC;

    @Option(
            names = "--drinking-median-readings",
            defaultValue = "6",
            description =
                    "DRINKING: the median is over this many latest non-drinking readings (default: ${DEFAULT-VALUE})")
    private int drinkingMedianReadings;

    @Option(
            names = "--drinking-max-duration",
            defaultValue = "PT2H",
            description =
                    "DRINKING: a drop lasting longer is no drinking bout; the median is learnt afresh (default: ${DEFAULT-VALUE})")
    private Duration drinkingMaxDuration;

    @Option(
            names = "--low-rumination-ratio",
            defaultValue = "0.6",
            description =
                    "LOW_RUMINATION: rumination over the span below this fraction of the 7-day daily mean (default: ${DEFAULT-VALUE})")
    private double lowRuminationRatio;

    @Option(
            names = "--low-rumination-end-ratio",
            defaultValue = "0.8",
            description =
                    "LOW_RUMINATION: ends at or above this fraction (default: ${DEFAULT-VALUE})")
    private double lowRuminationEndRatio;

    @Option(
            names = "--rumination-span",
            defaultValue = "PT24H",
            description = "LOW_RUMINATION: the span, whole hours (default: ${DEFAULT-VALUE})")
    private Duration ruminationSpan;

    @Option(
            names = "--high-activity-ratio",
            defaultValue = "2.5",
            description =
                    "HIGH_ACTIVITY: activity over the span above this multiple of the 7-day mean for such a span (default: ${DEFAULT-VALUE})")
    private double highActivityRatio;

    @Option(
            names = "--high-activity-end-ratio",
            defaultValue = "1.5",
            description =
                    "HIGH_ACTIVITY: ends at or below this multiple (default: ${DEFAULT-VALUE})")
    private double highActivityEndRatio;

    @Option(
            names = "--activity-span",
            defaultValue = "PT2H",
            description = "HIGH_ACTIVITY: the span, whole hours (default: ${DEFAULT-VALUE})")
    private Duration activitySpan;

    @Option(
            names = "--baseline-days",
            defaultValue = "7",
            description =
                    "LOW_RUMINATION/HIGH_ACTIVITY: days of the animal's own baseline (default: ${DEFAULT-VALUE})")
    private int baselineDays;

    @Option(
            names = "--min-history-days",
            defaultValue = "3",
            description =
                    "LOW_RUMINATION/HIGH_ACTIVITY: silent until this many days of history (default: ${DEFAULT-VALUE})")
    private int minHistoryDays;

    @Option(
            names = "--low-ph",
            defaultValue = "5.8",
            description = "LOW_PH: rumen pH below this… (default: ${DEFAULT-VALUE})")
    private double lowPh;

    @Option(
            names = "--low-ph-duration",
            defaultValue = "PT3H",
            description = "…for at least this long… (default: ${DEFAULT-VALUE})")
    private Duration lowPhDuration;

    @Option(
            names = "--low-ph-window",
            defaultValue = "PT24H",
            description = "…within this window, whole hours (default: ${DEFAULT-VALUE})")
    private Duration lowPhWindow;

    @Option(
            names = "--low-ph-end-duration",
            defaultValue = "PT1H",
            description =
                    "LOW_PH: ends when pH was low for less than this within the window (default: ${DEFAULT-VALUE})")
    private Duration lowPhEndDuration;

    @Option(
            names = "--sensor-interval",
            defaultValue = "PT10M",
            description = "The interval at which a bolus reports (default: ${DEFAULT-VALUE})")
    private Duration expectedInterval;

    @Option(
            names = "--silent-intervals",
            defaultValue = "3",
            description =
                    "SENSOR_SILENT: intervals without a reading while the farm reports (default: ${DEFAULT-VALUE})")
    private int silentIntervals;

    @Option(
            names = "--alert-state-ttl",
            defaultValue = "P7D",
            description =
                    "An animal silent this long has its alert state cleared and open alerts closed (default: ${DEFAULT-VALUE})")
    private Duration stateTtl;

    /**
     * The options as one validated object; an inconsistent combination is a one-line usage error.
     */
    public AlertThresholds toThresholds() {
        try {
            return new AlertThresholds(
                    feverC,
                    feverEndC,
                    hypothermiaC,
                    hypothermiaEndC,
                    consecutiveReadings,
                    drinkingDropC,
                    drinkingRecoveryC,
                    drinkingMedianReadings,
                    drinkingMaxDuration,
                    lowRuminationRatio,
                    lowRuminationEndRatio,
                    ruminationSpan,
                    highActivityRatio,
                    highActivityEndRatio,
                    activitySpan,
                    baselineDays,
                    minHistoryDays,
                    lowPh,
                    lowPhDuration,
                    lowPhEndDuration,
                    lowPhWindow,
                    expectedInterval,
                    silentIntervals,
                    stateTtl);
        } catch (IllegalArgumentException e) {
            if (mixee == null) {
                throw e;
            }
            throw new ParameterException(
                    mixee.commandLine(), "Invalid alert options: " + e.getMessage());
        }
    }
}
