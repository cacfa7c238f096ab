package io.herdpulse.job.config;

import io.herdpulse.alerts.AlertThresholds;
import io.herdpulse.alerts.baseline.BaselineThresholds;
import io.herdpulse.alerts.ph.PhThresholds;
import io.herdpulse.alerts.silence.SilenceThresholds;
import io.herdpulse.alerts.temperature.TemperatureThresholds;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The alert rules' thresholds as options of the job's command line ({@code @Mixin}). Each option
 * starts at its rule's default, which the rule's thresholds record states (picocli shows the
 * initial value as the default); durations are ISO-8601 ({@code PT10M}, {@code P7D}).
 */
public class AlertOptions {
    private static final TemperatureThresholds TEMPERATURE = TemperatureThresholds.DEFAULTS;
    private static final BaselineThresholds BASELINE = BaselineThresholds.DEFAULTS;
    private static final PhThresholds PH = PhThresholds.DEFAULTS;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec mixee;

    @Option(
            names = "--fever-c",
            description =
                    "FEVER: rumen temperature at or above this (°C)… (default: ${DEFAULT-VALUE})")
    private double feverC = TEMPERATURE.feverC();

    @Option(
            names = "--fever-end-c",
            description =
                    "…ends on consecutive readings below this (°C) (default: ${DEFAULT-VALUE})")
    private double feverEndC = TEMPERATURE.feverEndC();

    @Option(
            names = "--hypothermia-c",
            description =
                    "HYPOTHERMIA: rumen temperature at or below this (°C)… (default: ${DEFAULT-VALUE})")
    private double hypothermiaC = TEMPERATURE.hypothermiaC();

    @Option(
            names = "--hypothermia-end-c",
            description =
                    "…ends on consecutive readings above this (°C) (default: ${DEFAULT-VALUE})")
    private double hypothermiaEndC = TEMPERATURE.hypothermiaEndC();

    @Option(
            names = "--consecutive-readings",
            description =
                    "FEVER/HYPOTHERMIA: readings in a row to start or end; drinks do not count, save for HYPOTHERMIA a drink at or below --hypothermia-c during a run (default: ${DEFAULT-VALUE})")
    private int consecutiveReadings = TEMPERATURE.consecutiveReadings();

    @Option(
            names = "--drinking-fall-c",
            description =
                    "Drinking: a fall at least this large from the previous reading, per sensor interval (°C), is a drink; a slower fall never is (default: ${DEFAULT-VALUE})")
    private double drinkingFallC = TEMPERATURE.drinkingFallC();

    @Option(
            names = "--drinking-drop-c",
            description =
                    "DRINKING: a drink this far below the animal's median is an event (°C) (default: ${DEFAULT-VALUE})")
    private double drinkingDropC = TEMPERATURE.drinkingDropC();

    @Option(
            names = "--drinking-recovery-c",
            description =
                    "DRINKING: the event ends at the first reading back within this of the median (°C) (default: ${DEFAULT-VALUE})")
    private double drinkingRecoveryC = TEMPERATURE.drinkingRecoveryC();

    @Option(
            names = "--rewarming-rise-c",
            description =
                    "Drinking: after a drink, readings rising at least this much are re-warming, left out of FEVER/HYPOTHERMIA (°C) (default: ${DEFAULT-VALUE})")
    private double rewarmingRiseC = TEMPERATURE.rewarmingRiseC();

    @Option(
            names = "--rewarmed-c",
            description =
                    "Drinking: a reading back within this of the median has re-warmed and counts again (°C) (default: ${DEFAULT-VALUE})")
    private double rewarmedC = TEMPERATURE.rewarmedC();

    @Option(
            names = "--drinking-max-duration",
            description =
                    "Drinking: re-warming lasts at most this long after the latest drink (default: ${DEFAULT-VALUE})")
    private Duration drinkingMaxDuration = TEMPERATURE.drinkingMaxDuration();

    @Option(
            names = "--drinking-median-readings",
            description =
                    "DRINKING: the median is over this many latest non-drinking readings (default: ${DEFAULT-VALUE})")
    private int medianReadings = TEMPERATURE.medianReadings();

    @Option(
            names = "--low-rumination-ratio",
            description =
                    "LOW_RUMINATION: rumination over the span below this fraction of the 7-day daily mean (default: ${DEFAULT-VALUE})")
    private double lowRuminationRatio = BASELINE.lowRuminationRatio();

    @Option(
            names = "--low-rumination-end-ratio",
            description =
                    "LOW_RUMINATION: ends at or above this fraction (default: ${DEFAULT-VALUE})")
    private double lowRuminationEndRatio = BASELINE.lowRuminationEndRatio();

    @Option(
            names = "--rumination-span",
            description = "LOW_RUMINATION: the span, whole hours (default: ${DEFAULT-VALUE})")
    private Duration ruminationSpan = BASELINE.ruminationSpan();

    @Option(
            names = "--high-activity-ratio",
            description =
                    "HIGH_ACTIVITY: activity over the span above this multiple of the 7-day mean for such a span (default: ${DEFAULT-VALUE})")
    private double highActivityRatio = BASELINE.highActivityRatio();

    @Option(
            names = "--high-activity-end-ratio",
            description =
                    "HIGH_ACTIVITY: ends at or below this multiple (default: ${DEFAULT-VALUE})")
    private double highActivityEndRatio = BASELINE.highActivityEndRatio();

    @Option(
            names = "--activity-span",
            description = "HIGH_ACTIVITY: the span, whole hours (default: ${DEFAULT-VALUE})")
    private Duration activitySpan = BASELINE.activitySpan();

    @Option(
            names = "--baseline-days",
            description =
                    "LOW_RUMINATION/HIGH_ACTIVITY: days of the animal's own baseline (default: ${DEFAULT-VALUE})")
    private int baselineDays = BASELINE.baselineDays();

    @Option(
            names = "--min-history-days",
            description =
                    "LOW_RUMINATION/HIGH_ACTIVITY: silent until this many days of history (default: ${DEFAULT-VALUE})")
    private int minHistoryDays = BASELINE.minHistoryDays();

    @Option(
            names = "--low-ph",
            description = "LOW_PH: rumen pH below this… (default: ${DEFAULT-VALUE})")
    private double lowPh = PH.lowPh();

    @Option(
            names = "--low-ph-duration",
            description = "…for at least this long… (default: ${DEFAULT-VALUE})")
    private Duration lowPhDuration = PH.lowPhDuration();

    @Option(
            names = "--low-ph-window",
            description = "…within this window, whole hours (default: ${DEFAULT-VALUE})")
    private Duration lowPhWindow = PH.lowPhWindow();

    @Option(
            names = "--low-ph-end-duration",
            description =
                    "LOW_PH: ends when pH was low for less than this within the window (default: ${DEFAULT-VALUE})")
    private Duration lowPhEndDuration = PH.lowPhEndDuration();

    @Option(
            names = "--sensor-interval",
            description = "The interval at which a bolus reports (default: ${DEFAULT-VALUE})")
    private Duration sensorInterval = AlertThresholds.DEFAULT_SENSOR_INTERVAL;

    @Option(
            names = "--silent-intervals",
            description =
                    "SENSOR_SILENT: intervals without a reading while the farm reports (default: ${DEFAULT-VALUE})")
    private int silentIntervals = SilenceThresholds.DEFAULTS.silentIntervals();

    @Option(
            names = "--alert-state-ttl",
            description =
                    "An animal silent this long has its alert state cleared and open alerts closed (default: ${DEFAULT-VALUE})")
    private Duration stateTtl = AlertThresholds.DEFAULT_STATE_TTL;

    /**
     * The options as one validated object; an inconsistent combination is a one-line usage error.
     */
    public AlertThresholds toThresholds() {
        try {
            return new AlertThresholds(
                    sensorInterval,
                    stateTtl,
                    new TemperatureThresholds(
                            feverC,
                            feverEndC,
                            hypothermiaC,
                            hypothermiaEndC,
                            consecutiveReadings,
                            drinkingFallC,
                            drinkingDropC,
                            drinkingRecoveryC,
                            rewarmingRiseC,
                            rewarmedC,
                            drinkingMaxDuration,
                            medianReadings),
                    new BaselineThresholds(
                            lowRuminationRatio,
                            lowRuminationEndRatio,
                            ruminationSpan,
                            highActivityRatio,
                            highActivityEndRatio,
                            activitySpan,
                            baselineDays,
                            minHistoryDays),
                    new PhThresholds(lowPh, lowPhDuration, lowPhEndDuration, lowPhWindow),
                    new SilenceThresholds(silentIntervals));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(
                    mixee.commandLine(), "Invalid alert options: " + e.getMessage());
        }
    }
}
