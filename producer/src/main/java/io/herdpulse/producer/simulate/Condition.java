package io.herdpulse.producer.simulate;

import io.herdpulse.model.AlertKind;
import java.time.Duration;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * What can happen to an animal or its bolus during a simulation.
 *
 * <p>Each condition changes only its own signal (a fever does not also lower rumination), so an
 * alert rule scored against the ground truth is judged on the sign it is meant to read. The default
 * lengths and magnitudes are those of issue 4; the literature behind them is cited where {@link
 * AnimalPhysiology} applies them.
 */
public enum Condition {
    /**
     * Mastitis-like fever: up to 40.0–41.0 °C, reached over hours, lasting a day or more. A peak
     * rather than a rise, as a fever is: a cow whose normal is low is no less feverish at 40 °C.
     */
    FEVER(AlertKind.FEVER, Duration.ofHours(24), Duration.ofHours(48), 40.0, 41.0, false),
    /** Milk fever: a gradual fall to 36.5–37.3 °C, until treated; she drinks on the way down. */
    HYPOTHERMIA(
            AlertKind.HYPOTHERMIA, Duration.ofHours(12), Duration.ofHours(24), 36.5, 37.3, false),
    /** Heat: activity ×2–4 for 12–18 h. */
    ESTRUS(AlertKind.HIGH_ACTIVITY, Duration.ofHours(12), Duration.ofHours(18), 2.0, 4.0, false),
    /** Illness: rumination down to 30–50 % of normal for days. */
    LOW_RUMINATION(
            AlertKind.LOW_RUMINATION, Duration.ofHours(36), Duration.ofHours(72), 0.3, 0.5, false),
    /** Subacute ruminal acidosis: pH 5.45–5.75, under 5.8, for hours. Needs a pH bolus. */
    SARA(AlertKind.LOW_PH, Duration.ofHours(4), Duration.ofHours(8), 5.45, 5.75, true),
    /** The bolus stops reporting. */
    SILENT(AlertKind.SENSOR_SILENT, Duration.ofHours(1), Duration.ofHours(6), 0, 0, false),
    /** A sensor fault: every value frozen at the last good reading. No alert rule looks for it. */
    STUCK(null, Duration.ofHours(6), Duration.ofHours(24), 0, 0, false),
    /**
     * A sensor fault: a quarter of the readings carry an impossible temperature, which the job
     * rejects as OUT_OF_RANGE.
     */
    SPIKES(null, Duration.ofHours(2), Duration.ofHours(12), 0, 0, false),
    /** A sensor fault: half of the readings are sent twice, with the same reading id. */
    DUPLICATES(null, Duration.ofHours(1), Duration.ofHours(6), 0, 0, false);

    private final AlertKind expectedAlert;
    private final Duration shortest;
    private final Duration longest;
    private final double magnitudeLow;
    private final double magnitudeHigh;
    private final boolean needsPh;

    Condition(
            AlertKind expectedAlert,
            Duration shortest,
            Duration longest,
            double magnitudeLow,
            double magnitudeHigh,
            boolean needsPh) {
        this.expectedAlert = expectedAlert;
        this.shortest = shortest;
        this.longest = longest;
        this.magnitudeLow = magnitudeLow;
        this.magnitudeHigh = magnitudeHigh;
        this.needsPh = needsPh;
    }

    /** The alert kind a rule should raise for this condition, null for pure sensor faults. */
    public AlertKind expectedAlert() {
        return expectedAlert;
    }

    public boolean needsPh() {
        return needsPh;
    }

    /** A length drawn from the condition's usual range, to the minute. */
    Duration drawLength(RandomGenerator random) {
        long minutes = random.nextLong(shortest.toMinutes(), longest.toMinutes() + 1);
        return Duration.ofMinutes(minutes);
    }

    /**
     * How strong this episode is: the fever's peak temperature, the hypothermia's lowest one, the
     * estrus activity factor, the rumination factor, the SARA pH; 0 where it has no meaning.
     */
    double drawMagnitude(RandomGenerator random) {
        if (magnitudeLow == magnitudeHigh) {
            return magnitudeLow;
        }
        double value = random.nextDouble(magnitudeLow, magnitudeHigh);
        return Math.round(value * 100) / 100.0;
    }

    /** The condition named case-insensitively, as users type it. */
    public static Condition parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown condition '"
                            + name
                            + "' (one of "
                            + java.util.Arrays.toString(values()).toLowerCase(Locale.ROOT)
                            + ")");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
