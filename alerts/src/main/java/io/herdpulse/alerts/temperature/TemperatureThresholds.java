package io.herdpulse.alerts.temperature;

import io.herdpulse.alerts.Require;
import java.io.Serializable;
import java.time.Duration;

/**
 * FEVER, HYPOTHERMIA and DRINKING (DESIGN.md's alert table), with their defaults.
 *
 * @param consecutiveReadings readings in a row that start or end FEVER/HYPOTHERMIA, drinks left out
 *     (save those a HYPOTHERMIA run carries on through, see {@link TemperatureRule})
 * @param drinkingFallC a fall at least this large from the previous reading, per reading interval,
 *     is a drink: a drink cools the rumen within one reading, a disease over hours
 * @param drinkingDropC a drink this far below the median is a DRINKING event
 * @param drinkingRecoveryC the DRINKING event ends at the first reading back within this of the
 *     median
 * @param rewarmingRiseC after a drink, readings rising at least this much on the previous one are
 *     the rumen re-warming; the second in a row that does not is a normal reading again
 * @param rewarmedC a reading back within this of the median has re-warmed: a normal reading again
 * @param drinkingMaxDuration re-warming lasts at most this long after the latest drink
 * @param drinkingMedianReadings the median is over this many latest non-drinking readings
 * @param medianSpreadC the median counts as learnt once full and its readings lie within this of
 *     each other (or once three readings in a row hold a level); until then readings only teach it.
 *     Outside drinking a rumen moves less within an hour (the daily rhythm of ±0.15 °C by under
 *     0.05 °C, sensor noise by about 0.1 °C); a rumen re-warming from a drink rises by more until
 *     its last minutes
 * @param levellingRiseC a re-warming reading rising by less than this is within about 0.3 °C of her
 *     level: a drink straight after it, or a stall, shows that level
 * @param steadyC two non-drinking readings within this of each other sample the same level: a
 *     disease moves the rumen by less a reading (a milk fever by under 0.1 °C), the tail of a
 *     re-warming or a drink too small to tell by more. So a reading that fell by this much or more,
 *     not enough for a drink, was cooled by sips (HYPOTHERMIA waits for a reading of its run that
 *     fell less), and one that rose by this much was re-warming (no disease warms that fast)
 * @param gapIntervals readings further apart than this many sensor intervals have a silence between
 *     them, in which a drink or a disease may have gone unseen
 */
public record TemperatureThresholds(
        double feverC,
        double feverEndC,
        double hypothermiaC,
        double hypothermiaEndC,
        int consecutiveReadings,
        double drinkingFallC,
        double drinkingDropC,
        double drinkingRecoveryC,
        double rewarmingRiseC,
        double rewarmedC,
        Duration drinkingMaxDuration,
        int drinkingMedianReadings,
        double medianSpreadC,
        double levellingRiseC,
        double steadyC,
        double gapIntervals)
        implements Serializable {

    /**
     * The defaults. The fall: the simulator's and Cantor et al.'s (2018) drinks cool the rumen by
     * 0.4–8 °C within a reading, while a milk fever falls by under 0.4 °C a reading and sensor
     * noise moves a reading by under 0.1 °C. The rise: re-warming climbs by 0.1 °C a reading or
     * more until within about 0.3 °C of the level it returns to; sensor noise makes a level rumen
     * rise by 0.05 °C about one reading in twenty-five.
     */
    public static final TemperatureThresholds DEFAULTS =
            new TemperatureThresholds(
                    39.7,
                    39.5,
                    37.5,
                    38.0,
                    3,
                    0.5,
                    2.0,
                    1.0,
                    0.05,
                    0.3,
                    Duration.ofHours(2),
                    6,
                    0.5,
                    0.15,
                    0.15,
                    1.5);

    public TemperatureThresholds {
        Require.that(
                feverEndC <= feverC, "the fever end threshold must not exceed the fever threshold");
        Require.that(
                hypothermiaEndC >= hypothermiaC,
                "the hypothermia end threshold must not be below the hypothermia threshold");
        Require.that(consecutiveReadings >= 1, "consecutive readings must be at least 1");
        Require.that(drinkingFallC > 0, "the drinking fall must be positive");
        Require.that(drinkingDropC > 0, "the drinking drop must be positive");
        Require.that(
                drinkingRecoveryC > 0 && drinkingRecoveryC <= drinkingDropC,
                "the drinking recovery must be positive and at most the drinking drop");
        Require.that(rewarmingRiseC > 0, "the re-warming rise must be positive");
        Require.that(
                rewarmedC > 0 && rewarmedC <= drinkingRecoveryC,
                "the re-warmed margin must be positive and at most the drinking recovery");
        Require.bounded(drinkingMaxDuration, "drinking maximum duration");
        Require.that(drinkingMedianReadings >= 1, "the drinking median needs at least 1 reading");
        Require.that(medianSpreadC > 0, "the median's spread must be positive");
        Require.that(levellingRiseC > 0, "the levelling rise must be positive");
        Require.that(
                steadyC > 0 && steadyC <= drinkingFallC,
                "the steady step must be positive and at most the drinking fall");
        Require.that(gapIntervals >= 1, "the gap must be at least one sensor interval");
    }
}
