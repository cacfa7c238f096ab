package io.herdpulse.alerts;

import static io.herdpulse.alerts.TestReadings.LOST;
import static io.herdpulse.alerts.TestReadings.at;
import static io.herdpulse.alerts.TestReadings.concat;
import static io.herdpulse.alerts.TestReadings.repeat;
import static io.herdpulse.alerts.TestReadings.temperatures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.herdpulse.alerts.Drinks.Drink;
import io.herdpulse.model.AlertKind;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Reading;
import io.herdpulse.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HypothermiaAlertTest {
    private static final double HYPOTHERMIA = 37.5;
    private static final double HYPOTHERMIA_END = 38.0;

    @Test
    void firesOnTheThirdConsecutiveLowReadingAndEndsAfterThreeAboveTheEndThreshold()
            throws Exception {
        // A gradual fall (never more than 0.4 °C a reading, so no drink), broken once at 37.6.
        double[] temps =
                concat(
                        repeat(38.8, 6),
                        new double[] {38.5, 38.2, 37.9, 37.6, 37.4, 37.3, 37.6, 37.2, 37.1, 37.0},
                        new double[] {37.5, 38.1, 38.2, 37.9, 38.1, 38.3, 38.4});
        int[] onset = Runs.first(temps, 0, t -> t <= HYPOTHERMIA, 3, Set.of());
        int[] end = Runs.first(temps, onset[1] + 1, t -> t > HYPOTHERMIA_END, 3, Set.of());
        List<Reading> readings = temperatures("cow-2", temps);

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            assertThat(detector.stepAll(readings.subList(0, onset[1]))).isEmpty();
            List<HealthAlert> fired = detector.step(readings.get(onset[1]));
            assertThat(fired).hasSize(1);
            HealthAlert alert = fired.get(0);
            assertThat(alert.kind()).isEqualTo(AlertKind.HYPOTHERMIA);
            assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(alert.startedAt()).isEqualTo(at(onset[0]));
            assertThat(alert.value()).isEqualTo(temps[onset[1]]);
            assertThat(alert.threshold()).isEqualTo(HYPOTHERMIA);

            assertThat(detector.stepAll(readings.subList(onset[1] + 1, end[1]))).isEmpty();
            List<HealthAlert> ended = detector.step(readings.get(end[1]));
            assertThat(ended)
                    .singleElement()
                    .satisfies(
                            a -> {
                                assertThat(a.alertId()).isEqualTo(alert.alertId());
                                assertThat(a.endedAt()).isEqualTo(at(end[0]));
                            });
        }
    }

    @Test
    void aSteadyFallIsHypothermiaWithinThreeReadingsWhateverTheWaterField() throws Exception {
        // Issue 13's data set: from 39.0 °C down 0.35 °C a reading to 37.1 °C, and every reading
        // reports a little water. A drink falls within one reading; this is a milk fever.
        double[] temps = steadyFallFrom39(0.35, 37.1, 10);
        List<Reading> readings = new ArrayList<>();
        List<Reading> plain = temperatures("cow-2", temps);
        for (int i = 0; i < plain.size(); i++) {
            readings.add(TestReadings.withWater(plain.get(i), i % 4));
        }
        int[] run = Runs.first(temps, 0, t -> t <= HYPOTHERMIA, 3, Set.of());
        assertThat(run[0])
                .as("the first reading at or below 37.5 stays there")
                .isEqualTo(Runs.first(temps, 0, t -> t <= HYPOTHERMIA, 1, Set.of())[0]);

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            assertThat(detector.stepAll(readings.subList(0, run[1]))).isEmpty();
            assertThat(detector.stepAll(readings.subList(run[1], readings.size())))
                    .extracting(HealthAlert::kind, HealthAlert::startedAt, HealthAlert::value)
                    .containsExactly(tuple(AlertKind.HYPOTHERMIA, at(run[0]), temps[run[1]]));
        }
    }

    @Test
    void smallDrinksOnFiveReadingsInARowThenHerReWarmingAreNoHypothermia() throws Exception {
        // Her normal is 38.2 C. She sips on five readings in a row: each reading falls 0.45 C,
        // under the 0.5 C that makes a drink, but faster than any body cools (a milk fever falls
        // by under 0.1 C a reading), so water did it. Then her rumen re-warms over 2 h, fast at
        // first (what is left of the 2.25 C shrinks quadratically).
        double level = 38.2;
        double[] sips = {37.75, 37.3, 36.85, 36.4, 35.95};
        double deficit = level - sips[sips.length - 1];
        double[] reWarming = new double[12];
        for (int k = 1; k <= reWarming.length; k++) {
            double left = 1 - k / 12.0;
            reWarming[k - 1] = Math.round((level - deficit * left * left) * 100) / 100.0;
        }
        double[] temps = concat(repeat(level, 6), sips, reWarming, repeat(level, 3));
        for (int i = 6; i < 6 + sips.length; i++) {
            assertThat(temps[i - 1] - temps[i]).isBetween(0.15, 0.49);
        }
        assertThat(Runs.first(temps, 0, t -> t <= HYPOTHERMIA, 3, Set.of()))
                .as("three readings at or below 37.5 in a row")
                .isNotNull();

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            assertThat(detector.stepAll(temperatures("cow-2", temps))).isEmpty();
        }
    }

    @Test
    void aFallFasterThanABodyCoolsIsAlertedAtHerFirstReadingThatFallsNoFaster() throws Exception {
        // 0.35 C a reading, as issue 13's data set, but on past 37.5 to 36.2 C, where she stays.
        // Until the fall slows to a body's pace (under 0.15 C a reading) it may still be water.
        double[] temps = steadyFallFrom39(0.35, 36.2, 6);
        int firstLow = Runs.first(temps, 0, t -> t <= HYPOTHERMIA, 1, Set.of())[0];
        int paced = firstLow;
        while (temps[paced - 1] - temps[paced] >= 0.15) {
            paced++;
        }
        assertThat(paced)
                .as("three low readings before the fall slows")
                .isGreaterThan(firstLow + 2);
        List<Reading> readings = temperatures("cow-2", temps);

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            assertThat(detector.stepAll(readings.subList(0, paced))).isEmpty();
            assertThat(detector.step(readings.get(paced)))
                    .extracting(HealthAlert::kind, HealthAlert::startedAt)
                    .containsExactly(tuple(AlertKind.HYPOTHERMIA, at(firstLow)));
        }
    }

    @Test
    void aMilkFeverCowDrinkingOnHerWayDownIsAlertedWithinThreeOfHerNonDrinkingReadings()
            throws Exception {
        // Her level falls 0.1 °C a reading from 38.8 to 36.8 °C. She drinks while still above
        // 37.5 °C, then just after her level reaches it, and again while re-warming from that.
        Drink[] drinks = {new Drink(11, 3.0), new Drink(21, 3.0), new Drink(23, 2.0)};
        double[] temps = Drinks.over(Drinks.falling(38.8, 8, 0.1, 36.8, 45), drinks);
        // Counting only readings no drink cooled: the first of three at or below 37.5 °C.
        int[] run = Runs.first(temps, 0, t -> t <= HYPOTHERMIA, 3, Drinks.cooled(drinks));
        assertThat(Drinks.cooled(drinks)).as("a drink within the run").contains(run[0] + 1);
        List<Reading> readings = temperatures("cow-2", temps);

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            List<HealthAlert> before = detector.stepAll(readings.subList(0, run[1] + 1));

            assertThat(DetectorHarness.ofKind(before, AlertKind.HYPOTHERMIA))
                    .singleElement()
                    .satisfies(a -> assertThat(a.startedAt()).isEqualTo(at(run[0])));
            assertThat(
                            DetectorHarness.ofKind(
                                    detector.stepAll(readings.subList(run[1] + 1, temps.length)),
                                    AlertKind.HYPOTHERMIA))
                    .as("no second alert")
                    .isEmpty();
        }
    }

    @Test
    void aMilkFeverCowWhoseDrinksFollowOneAnotherIsAlertedWithinThreeOfHerNonDrinkingReadings()
            throws Exception {
        // Her level falls 0.05 °C a reading from 38.8 to 36.8 °C, and she drinks every 80 min:
        // between two drinks her rumen shows her level on two readings only.
        List<Drink> every80Minutes = new ArrayList<>();
        for (int at = 10; at < 90; at += 8) {
            every80Minutes.add(new Drink(at, 3.0));
        }
        Drink[] drinks = every80Minutes.toArray(Drink[]::new);
        double[] level = Drinks.falling(38.8, 8, 0.05, 36.8, 100);
        double[] temps = Drinks.over(level, drinks);
        Set<Integer> cooled = Drinks.cooled(drinks);
        // Counting only readings no drink cooled: the third at or below 37.5 °C.
        int[] run = Runs.first(temps, 0, t -> t <= HYPOTHERMIA, 3, cooled);
        assertThat(cooled).as("a drink within the run").contains(run[0] + 1);
        int levelLow = Runs.first(level, 0, t -> t <= HYPOTHERMIA, 1, Set.of())[0];
        List<Reading> readings = temperatures("cow-2", temps);

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            List<HealthAlert> upToRun = detector.stepAll(readings.subList(0, run[1] + 1));

            assertThat(DetectorHarness.ofKind(upToRun, AlertKind.HYPOTHERMIA))
                    .singleElement()
                    .satisfies(a -> assertThat(a.startedAt()).isAfterOrEqualTo(at(levelLow)));
        }
    }

    @Test
    void herLevelSeenBetweenTwoDrinksStartsTheCountTheDrinkCarriesOn() throws Exception {
        // Hand-written: she falls ill and drinks again and again. Between her second and third
        // drink her re-warming levels off at 37.3 °C (a rise of 0.1, then a reading that neither
        // rises nor falls): her level, below 37.5 °C. The drink after it only cools her.
        double[] temps = {
            38.9, 38.9, 38.9, 38.9, 38.9, 38.9, 38.8, 38.7, 34.5, 35.4, 36.1, 36.6, 36.95, 37.2,
            37.3, 37.28, 33.9, 34.9, 35.6, 36.2, 36.6, 36.9, 37.05, 37.12, 37.1, 33.5, 34.6, 35.5
        };
        int level = 15;

        assertHypothermiaRaisedAt(temps, level + 2, level);
    }

    @Test
    void herLevelFollowedByASipStartsTheCount() throws Exception {
        // After the simulator's milk fever (seed 2026, cow 44): her re-warming levels off at
        // 36.99 °C (a rise of 0.11, then a reading that neither rises nor falls), then a sip cools
        // her by 0.41 °C, too little for a drink. Water only cools: that level was hers, as it is
        // before a drink, so she is alerted on the second reading after it, not the third.
        double[] temps =
                concat(
                        repeat(37.6, 6),
                        new double[] {33.3, 34.3, 35.2, 35.8, 36.3, 36.7, 36.88, 36.99, 36.99},
                        new double[] {36.58, 36.59, 36.64, 36.69});
        int level = 14;
        assertThat(temps[level]).isEqualTo(temps[level - 1]);
        assertThat(temps[level - 1] - temps[level - 2]).isLessThan(0.15);

        assertHypothermiaRaisedAt(temps, level + 2, level);
    }

    @Test
    void herLevelHoveringInTheSensorsNoiseAfterHerReWarmingIsCountedWithinThreeReadings()
            throws Exception {
        // A 90-min re-warming: its last rise is small (3.0 x 3 / 81 = 0.11 C), then she stalls.
        double lastRise =
                assertHoveringLevelCountedWithinThreeReadings(
                        9, new double[] {0.01, -0.02, 0.03, 0.0, -0.01, 0.01, 0.0});
        assertThat(lastRise).as("the re-warming's last rise, small").isBetween(0.05, 0.15);
    }

    @Test
    void herLevelHoveringAfterALargerLastRiseIsCountedWithinThreeReadings() throws Exception {
        // A 70-min re-warming: its last rise is larger (3.0 x 3 / 49 = 0.18 C), then the drop's
        // last 0.06 C and the noise make a stall.
        double lastRise =
                assertHoveringLevelCountedWithinThreeReadings(
                        7, new double[] {0.01, -0.02, 0.03, 0.0, -0.01, 0.01, 0.0});
        assertThat(lastRise).as("the re-warming's last rise, larger").isGreaterThan(0.15);
    }

    /**
     * A milk fever falls 0.05 C a reading to 37.3 C. While she is still at 37.55 C she drinks 8 L,
     * which cools her rumen by 3.0 C, re-warming quadratically over {@code reWarmingReadings} (the
     * simulator's milk-fever drink; Bewley et al. 2008: 60-120 min). From the reading before the
     * first the drink no longer cools, she reads her own temperature with the sensor's noise (sd
     * 0.02 C, {@code noise}): a stall, then a rise of 0.05 C, as a level rumen reads now and then.
     * That rise is no re-warming going on: she is alerted on the third reading at or below 37.5 C
     * from the first the drink no longer cools, dated from it.
     *
     * @return the rise of the reading before that first one: the re-warming's last
     */
    private static double assertHoveringLevelCountedWithinThreeReadings(
            int reWarmingReadings, double[] noise) throws Exception {
        Drink drink = new Drink(32, 3.0);
        double[] level = Drinks.falling(38.8, 8, 0.05, 37.3, 50);
        int noiseFrom = drink.at() + reWarmingReadings - 1;
        for (int k = 0; k < noise.length; k++) {
            level[noiseFrom + k] += noise[k];
        }
        double[] temps = Drinks.over(level, reWarmingReadings, drink);
        int crossing = drink.at() + reWarmingReadings;
        assertThat(level[drink.at()]).isGreaterThan(HYPOTHERMIA);
        assertThat(Arrays.stream(temps, crossing, temps.length).max().orElseThrow())
                .isLessThanOrEqualTo(HYPOTHERMIA);
        assertThat(Math.abs(temps[crossing] - temps[crossing - 1])).isLessThan(0.05);
        assertThat(temps[crossing + 1] - temps[crossing])
                .as("the noise's rise")
                .isGreaterThanOrEqualTo(0.05 - 1e-9);

        assertHypothermiaRaisedAt(temps, crossing + 2, crossing);
        return temps[crossing - 1] - temps[crossing - 2];
    }

    @Test
    void herReWarmingSlowingToItsEndIsNoSecondDrinkAndHerLevelCountsWithinThreeReadings()
            throws Exception {
        // A milk fever falls 0.07 C a reading. While she is still at 37.6 C she drinks 17.7 L,
        // 9 min before a reading: it cools her rumen by 7.85 C (the simulator's 2 + 6 (L - 6) / 12)
        // and re-warms quadratically over 60 min, so its rises shrink by 2 x 7.85 / 36 = 0.44 C a
        // reading until the drop is gone. With the sensor's noise (sd 0.02 C) one rise falls
        // 0.5 C short of the one before: a re-warming slowing down, not a second drink.
        double[] level = Drinks.falling(38.3, 8, 0.07, 36.8, 40);
        int drink = 17;
        double[] noisy = Drinks.timed(level, 60, 9, new Drink(drink, 7.85));
        noisy[drink + 4] += 0.03;
        noisy[drink + 5] -= 0.035;
        double[] temps = Drinks.rounded(noisy);
        // Her temperature stays at or below 37.5 C from the first reading the drink no longer
        // cools (60 min after it), and she is not at or below it before the drink.
        int crossing = drink + 6;
        assertThat(level[drink]).isGreaterThan(HYPOTHERMIA);
        assertThat(Arrays.stream(temps, crossing, temps.length).max().orElseThrow())
                .isLessThanOrEqualTo(HYPOTHERMIA);
        double slower =
                (temps[drink + 4] - temps[drink + 3]) - (temps[drink + 5] - temps[drink + 4]);
        assertThat(slower).as("a rise 0.5 C short of the one before").isGreaterThanOrEqualTo(0.5);

        assertHypothermiaRaisedAt(temps, crossing + 2, crossing);
    }

    @Test
    void aStallAfterAReWarmingShrinkingFastIsHerLevelThoughADrinkFollowsIt() throws Exception {
        // A milk fever falls 0.07 C a reading. While she is still at 37.6 C she drinks 17.7 L, 9
        // min before a reading: it cools her rumen by 7.85 C and re-warms quadratically over 60
        // min, the simulator's shortest, so its rises shrink by 2 x 7.85 / 36 = 0.44 C a reading
        // and its last is still large. The reading after it stalls at her level, below 37.5 C,
        // and she drinks 17.7 L again on the next reading and 15.4 L (6.7 C) 50 min later, so her
        // level is next seen 2 h later (as AlertScoringTest's milk-fever cow 58 does). Her
        // re-warming's last rise shrank to well under half of the one before: going on shrinking
        // by that share, the slowest a re-warming slows, it could not carry her above 37.5 C, so
        // the stall is her level even if it was a sip, and the drink after it carries the count.
        double[] level = Drinks.falling(38.3, 8, 0.07, 36.8, 50);
        Drink first = new Drink(17, 7.85);
        // The first reading the drink no longer cools: 60 min after it.
        int stall = first.at() + (int) Math.ceil((60 - 9) / 10.0);
        Drink[] drinks = {first, new Drink(stall + 1, 7.85), new Drink(stall + 6, 6.7)};
        double[] temps = Drinks.rounded(Drinks.timed(level, 60, 9, drinks));
        double lastRise = temps[stall - 1] - temps[stall - 2];
        double riseBefore = temps[stall - 2] - temps[stall - 3];
        assertThat(level[first.at()]).isGreaterThan(HYPOTHERMIA);
        assertThat(Arrays.stream(temps, stall, temps.length).max().orElseThrow())
                .isLessThanOrEqualTo(HYPOTHERMIA);
        assertThat(lastRise).as("the re-warming's last rise, larger").isGreaterThan(0.15);
        assertThat(lastRise / riseBefore).as("shrinking fast").isLessThan(0.5);
        assertThat(temps[stall] - temps[stall - 1]).as("a stall").isBetween(-0.15, 0.05);
        assertThat(temps[stall] - temps[stall + 1]).as("a drink next").isGreaterThan(0.5);

        assertHypothermiaRaisedAt(temps, stall + 2, stall);
    }

    @Test
    void aStallAfterARiseShrinkingSlowlyBeforeAnotherDrinkIsNoLevel() throws Exception {
        // A healthy cow with a low normal (38.2 C) drinks: her rumen cools by 6 C and re-warms
        // exponentially over 2 h, the slowest a re-warming slows (each rise 0.78 of the one
        // before). Half-way a sip holds her re-warming up for one reading, below 37.5 C and after
        // a larger rise, and she drinks again on the next reading. Going on shrinking by that
        // share, her re-warming could still climb 1.8 C: the stall is no level, and no alarm.
        double normal = 38.2;
        int drink = 8;
        int stall = drink + 6;
        double[] temps = new double[40];
        for (int i = 0; i < temps.length; i++) {
            temps[i] = normal;
            if (i >= drink) {
                temps[i] -= 6.0 * Math.exp(-(i - drink) / 4.0);
            }
        }
        temps[stall] = temps[stall - 1];
        for (int i = stall + 1; i < temps.length; i++) {
            temps[i] -= 3.0 * Math.exp(-(i - stall - 1) / 4.0);
        }
        temps = Drinks.rounded(temps);
        assertThat(temps[stall - 1] - temps[stall - 2]).as("a larger rise").isGreaterThan(0.15);

        assertStallBeforeADrinkIsNoLevel(temps, stall);
    }

    @Test
    void aStallAfterADrinkTakenWhileAnEarlierOneStillReWarmsIsNoLevel() throws Exception {
        // Hand-written, a healthy cow with a low normal (38.2 C): a drink (7 C) re-warming slowly,
        // still rising 0.95 C a reading when she drinks again. The two re-warmings add up, and the
        // sum's rises (1.8, 1.4, 0.7) shrink as the second one's does, fast, while the first one's
        // slow tail stays; a sip holds it up for one reading, below 37.5 C after a larger rise,
        // and she drinks again on the next. Her last two rises alone, going on shrinking by their
        // share, would leave her below 37.5 C; the first drink's tail carries her back to 38.2 C.
        double[] temps =
                concat(
                        repeat(38.2, 8),
                        new double[] {31.2, 32.7, 33.9, 34.85},
                        new double[] {32.0, 33.8, 35.2, 35.9, 35.9},
                        new double[] {31.5, 33.3, 34.7, 35.8, 36.7, 37.4, 37.9, 38.1},
                        repeat(38.2, 4));
        int second = 12;
        int stall = 16;
        double lastRise = temps[stall - 1] - temps[stall - 2];
        double q = lastRise / (temps[stall - 2] - temps[stall - 3]);
        assertThat(temps[second - 1] - temps[second - 2])
                .as("re-warming when she drinks again")
                .isGreaterThan(0.5);
        assertThat(temps[stall - 1] + lastRise * q / (1 - q))
                .as("her last two rises, going on shrinking by their share")
                .isLessThanOrEqualTo(HYPOTHERMIA);

        assertStallBeforeADrinkIsNoLevel(temps, stall);
    }

    @Test
    void aReWarmingThatCannotClimbAbove37_5IsCountedBeforeTheNextDrink() throws Exception {
        // From the simulator's milk fever (seed 2026, cow 184): her level is falling and she drinks
        // about every hour, so her re-warming never levels off before the next drink. It rises by
        // 0.13, then 0.09 C: a rumen re-warms fast at first and no slower than a drop shrinking
        // quadratically to nothing over 2 h (n = 12 readings), so from a reading that rose by r it
        // can climb at most r (n-1)^2 / (2n-1) further: from neither reading above 37.5 C.
        double[] temps =
                concat(
                        repeat(38.9, 6),
                        new double[] {38.8, 38.7, 29.48, 31.15, 32.56, 33.68, 34.63, 35.43},
                        new double[] {33.27, 34.24, 34.94, 35.44, 35.79, 36.14, 36.30, 36.43},
                        new double[] {36.52, 31.17, 29.93, 31.53, 32.88, 34.05});
        double left = 11.0 * 11.0 / 23.0;
        int first = -1;
        for (int i = 2; i < temps.length && first < 0; i++) {
            double rise = temps[i] - temps[i - 1];
            double riseBefore = temps[i - 1] - temps[i - 2];
            boolean smallRises =
                    rise > 0.05 && rise < 0.15 && riseBefore > 0.05 && riseBefore < 0.15;
            if (smallRises
                    && temps[i - 1] + left * riseBefore <= HYPOTHERMIA
                    && temps[i] + left * rise <= HYPOTHERMIA) {
                first = i - 1;
            }
        }
        assertThat(first).as("a failing re-warming in the data").isPositive();
        assertThat(temps[first + 2]).as("the next drink, at or below 37.5").isLessThan(HYPOTHERMIA);
        assertThat(Runs.first(temps, 0, t -> t <= HYPOTHERMIA, 3, Set.of()))
                .as("no three readings without a drink or re-warming")
                .isNotNull();

        assertHypothermiaRaisedAt(temps, first + 2, first);
    }

    @Test
    void twoSmallDrinksInARowThenHerReWarmingAreNoHypothermia() throws Exception {
        // Found by HealthyDrinkingProperties drawn wider: her normal is 38.2 C, and while she
        // still re-warms from a drink she takes two small ones on consecutive readings. Each
        // falls by just under 0.5 C (the re-warming before it takes off the rest), so neither is
        // a drink; then she re-warms, 0.45 C in a reading, as no disease warms a rumen.
        double[] temps =
                concat(
                        repeat(38.2, 6),
                        new double[] {35.9, 36.6, 37.1, 37.45, 37.7, 37.85, 37.94, 37.99},
                        new double[] {37.5, 37.05, 37.5, 37.77, 37.95, 38.1, 38.2, 38.2});
        int[] naive = Runs.first(temps, 0, t -> t <= HYPOTHERMIA, 3, Set.of());
        assertThat(naive).as("three readings at or below 37.5 in a row").isNotNull();
        assertThat(temps[naive[1]] - temps[naive[1] - 1])
                .as("the third rises as a re-warming")
                .isGreaterThan(0.15);

        assertNoHypothermia(temps);
    }

    @Test
    void drinksHiddenInTwoRisesInARowAreNoFailingReWarming() throws Exception {
        // From the simulator's healthy herd (seed 2026, cow 989, her normal 39.15 C): a big drink,
        // then drinks of 5, 2 and 3 L on the next three readings. The last two fall inside her
        // re-warming's rise and only slow it (+0.58, +0.23 C), as a failing re-warming would.
        double level = 39.15;
        double[] temps =
                concat(
                        repeat(level, 6),
                        new double[] {39.14, 39.14, 31.80, 33.14, 32.56, 33.14, 33.37, 35.01},
                        new double[] {36.35, 37.43, 38.24, 38.77, 34.34, 35.73, 36.80, 37.73},
                        new double[] {38.41, 38.83, level, level});

        assertNoHypothermia(temps);
    }

    @Test
    void aStallDeepInHerReWarmingBeforeAnotherDrinkIsNoLevel() throws Exception {
        // Hand-written, a healthy cow with a low normal: a drink, a sip that holds up her
        // re-warming for one reading (it had risen by 1.0 °C), another drink, then re-warming.
        double[] temps =
                concat(
                        repeat(38.2, 6),
                        new double[] {34.0, 35.0, 35.02, 32.5, 33.6, 34.6, 35.5, 36.3, 37.0},
                        new double[] {37.5, 37.9, 38.1, 38.2, 38.2, 38.2});

        assertNoHypothermia(temps);
    }

    @Test
    void aDrinkCarriesNoRunBegunByAReadingThatMayStillHaveBeenReWarming() throws Exception {
        // From the simulator's healthy herd: at her 39.07 °C she drinks, re-warms, stalls (a small
        // drink), and her next two readings, still re-warming, are at or below 37.5 °C; then she
        // drinks again. Those two readings jump by 0.63 °C: not a level, so the drink must not
        // make them three.
        double level = 39.07;
        double[] temps =
                concat(
                        repeat(level, 6),
                        new double[] {36.58, 37.06, 37.10, 36.65, 37.28, 35.58},
                        new double[] {36.4, 37.1, 37.7, 38.2, 38.6, 38.9, level});
        assertThat(Runs.first(temps, 0, t -> t <= HYPOTHERMIA, 3, Set.of(6))).isNotNull();
        assertThat(level).isGreaterThan(HYPOTHERMIA);

        assertNoHypothermia(temps);
    }

    @Test
    void drinkingDropsAreNoHypothermia() throws Exception {
        // Cold water: 2.8 °C down within a reading, then re-warming until back at her level.
        double[] temps = concat(repeat(38.8, 6), new double[] {36.0, 36.2, 36.5, 37.1, 37.9, 38.6});
        int[] naive = Runs.first(temps, 0, t -> t <= HYPOTHERMIA, 3, Set.of());
        assertThat(naive)
                .as("three readings at or below 37.5 if drinking were not excluded")
                .isNotNull();

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            List<HealthAlert> alerts = detector.stepAll(temperatures("cow-2", temps));

            assertThat(alerts).extracting(HealthAlert::kind).containsOnly(AlertKind.DRINKING);
        }
    }

    @Test
    void aDropThatDoesNotReWarmIsHypothermiaFromTheFirstReadingAfterIt() throws Exception {
        // 36.0 within a reading and it stays there: the fall looked like a drink, but the rumen
        // does not re-warm; the second reading that does not rise ends the bout and counts.
        double[] temps = concat(repeat(38.8, 6), repeat(36.0, 6));
        int drop = 6;
        int[] onset = Runs.first(temps, 0, t -> t <= HYPOTHERMIA, 3, Set.of(drop, drop + 1));

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            List<HealthAlert> alerts = detector.stepAll(temperatures("cow-2", temps));

            assertThat(alerts)
                    .extracting(HealthAlert::kind, HealthAlert::startedAt, HealthAlert::endedAt)
                    .containsExactly(
                            tuple(AlertKind.DRINKING, at(drop), null),
                            tuple(AlertKind.DRINKING, at(drop), at(drop + 2)),
                            tuple(AlertKind.HYPOTHERMIA, at(onset[0]), null));
            assertThat(onset[0]).isEqualTo(drop + 2);
        }
    }

    @Test
    void drinksInQuickSuccessionAreNoHypothermiaWhileTheRumenReWarms() throws Exception {
        // Four drinks half an hour apart keep her rumen cold for over two hours; each falls
        // within a reading, and in between and after them every reading rises.
        double[] drinks = {35.0, 36.1, 36.9, 34.6, 35.8, 36.7, 34.9, 36.0, 36.8, 35.2, 36.3};
        double[] reWarming = {36.6, 36.9, 37.2, 37.5, 37.8, 38.1, 38.4, 38.6, 38.75};
        double[] temps = concat(repeat(38.8, 6), drinks, reWarming, repeat(38.8, 6));
        assertThat(Runs.first(temps, 6, t -> t <= HYPOTHERMIA, 3, Set.of())).isNotNull();
        int back = 6;
        while (temps[back] < 38.8 - 1.0) {
            back++;
        }

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            assertThat(detector.stepAll(temperatures("cow-2", temps)))
                    .extracting(HealthAlert::kind, HealthAlert::endedAt)
                    .containsExactly(
                            tuple(AlertKind.DRINKING, null), tuple(AlertKind.DRINKING, at(back)));
        }
    }

    @Test
    void aNewBolusLearnsItsMedianOnlyOnceItsReadingsAreLevel() throws Exception {
        // A slow re-warming after a drink just before the bolus first reported: six readings
        // span more than 0.5 °C until she is back at her normal 38.8 °C.
        double[] temps =
                concat(
                        new double[] {
                            35.2, 35.5, 35.8, 36.1, 36.4, 36.7, 37.0, 37.3, 37.5, 37.7, 37.9, 38.1,
                            38.3, 38.5, 38.7
                        },
                        repeat(38.8, 6));
        assertThat(Runs.first(temps, 6, t -> t <= HYPOTHERMIA, 3, Set.of())).isNotNull();

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            assertThat(detector.stepAll(temperatures("cow-2", temps))).isEmpty();
        }
    }

    @Test
    void aSmallDrinkOfACowWithALowNormalIsNoHypothermia() throws Exception {
        // Her normal is 38.2 °C; a small drink cools her 1.0 °C, under the DRINKING event's 2 °C
        // but a fall within one reading all the same, and the re-warming passes 37.5 °C thrice.
        double[] temps =
                concat(repeat(38.2, 6), new double[] {37.2, 37.35, 37.5, 37.7, 38.0, 38.2});
        assertThat(Runs.first(temps, 0, t -> t <= HYPOTHERMIA, 3, Set.of())).isNotNull();

        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            assertThat(detector.stepAll(temperatures("cow-2", temps))).isEmpty();
        }
        // What the water field says changes nothing.
        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            List<Reading> withWater =
                    temperatures("cow-2", temps).stream()
                            .map(r -> TestReadings.withWater(r, 2.5))
                            .toList();
            assertThat(detector.stepAll(withWater)).isEmpty();
        }
    }

    @Test
    void readingsLostWhileSheReWarmsDoNotMakeHerLevelADrink() throws Exception {
        // Hand-written: she drinks at 38.6 °C as she falls ill; two readings of her re-warming are
        // lost. Across them she rose 1.3 °C, 0.43 a reading: slower than the 1.0 before, so her
        // re-warming was ending. From index 15 her level falls 0.05 °C a reading: a milk fever.
        double[] temps = {
            38.8, 38.8, 38.8, 38.8, 38.8, 38.8, 38.7, 38.6, 32.3, 33.8, 35.1, 36.1, LOST, LOST,
            37.4, 37.31, 37.26, 37.21, 37.15
        };
        int level = 15;

        assertThat(hypothermiaRaised(temps)).containsExactly(level + 2, level);
    }

    @Test
    void aCowBackFromASilenceBelowTheThresholdIsCountedOnceThreeReadingsHoldHerLevel()
            throws Exception {
        // The bolus is down for 4 h while she falls ill: back 1.6 °C lower, too slow a fall per
        // interval for a drink. Her median is learnt afresh: three readings holding a level teach
        // it (not six within 0.5 °C), and the three after them raise the alert.
        double[] temps =
                concat(
                        repeat(38.6, 6),
                        repeat(LOST, 24),
                        new double[] {37.0, 36.98, 36.97, 36.95, 36.96, 36.94});
        int learnt = 32;

        assertThat(hypothermiaRaised(temps)).containsExactly(learnt + 3, learnt + 1);
    }

    @Test
    void aCowBackFromASilenceReWarmingFromADrinkSheHadInItIsNoHypothermia() throws Exception {
        // She drank just before her bolus came back: it rises from far below her normal 38.6 °C,
        // each reading less, with no fall the rule could see.
        double[] temps =
                concat(
                        repeat(38.6, 6),
                        repeat(LOST, 12),
                        new double[] {36.0, 36.7, 37.2, 37.45, 37.6, 37.75, 37.9, 38.1, 38.3},
                        repeat(38.6, 6));
        assertThat(Runs.first(temps, 18, t -> t <= HYPOTHERMIA, 3, Set.of())).isNotNull();

        assertThat(hypothermiaRaised(temps)).isEmpty();
    }

    @Test
    void aDrinkJustAfterALostReadingAndTheSipsAfterItAreNoHypothermia() throws Exception {
        // Found by review: a reading lost as she drank 0.8 °C, then sips hold her rumen down for
        // two readings before it re-warms. The fall across the gap is too slow per interval for a
        // drink, so her median is learnt afresh, and the readings that do not rise are water's.
        assertNoHypothermia(
                concat(
                        repeat(38.2, 8),
                        new double[] {
                            LOST, 37.4, 37.24, 37.13, 37.42, 37.62, 37.77, 37.87, 37.94, 38.0,
                            38.03, 38.06, 38.08, 38.1
                        },
                        repeat(38.2, 4)));
        assertNoHypothermia(
                new double[] {
                    37.87, 37.92, 37.94, 37.98, 37.98, 38.0, 38.03, 38.02, 38.01, LOST, 37.06,
                    36.62, 36.49, 36.84, 37.08, 37.3, 37.5, 37.65, 37.8, 37.9
                });
    }

    @Test
    void aNewBolusInACowSippingAsSheReWarmsIsNoHypothermia() throws Exception {
        // Found by review: her normal is 38.0 °C; she drank before the bolus first reported and
        // sips on its first readings, then re-warms.
        assertNoHypothermia(
                new double[] {
                    37.09, 36.95, 36.66, 36.36, 36.93, 37.3, 37.54, 37.7, 37.8, 37.87, 37.92, 37.95,
                    37.97, 37.98, 37.99, 38.0, 38.0, 38.01
                });
        // Sips holding the rumen at 35.5 °C for three readings, then a slow, noisy re-warming.
        assertNoHypothermia(
                new double[] {
                    35.41, 35.5, 35.5, 35.47, 36.08, 36.53, 36.85, 37.13, 37.26, 37.46, 37.54,
                    37.72, 37.74, 37.84, 37.89, 37.93, 37.92, 37.91, 37.96, 37.94, 38.0, 38.05
                });
    }

    @Test
    void aBolusBackFromASilenceAsSheSipsAfterADrinkIsNoHypothermia() throws Exception {
        // Found by review: back after 6 h, 1.15 °C lower, just after a drink and with two sips.
        assertNoHypothermia(
                concat(
                        repeat(38.1, 12),
                        repeat(LOST, 36),
                        new double[] {
                            36.95, 36.81, 36.44, 36.75, 36.99, 37.19, 37.35, 37.47, 37.58, 37.66,
                            37.73, 37.78, 37.83, 37.87, 37.9, 37.93, 37.95, 37.97, 37.99
                        }));
        // A bolus heard only every one to three hours, each time while she re-warms.
        assertNoHypothermia(
                concat(
                        new double[] {37.98},
                        repeat(LOST, 11),
                        new double[] {37.17},
                        repeat(LOST, 8),
                        new double[] {36.84},
                        repeat(LOST, 10),
                        new double[] {36.6},
                        repeat(LOST, 7),
                        new double[] {37.74},
                        repeat(LOST, 11),
                        new double[] {37.9}));
    }

    @Test
    void aCowWhoseLostReadingHidASipIsAlertedWithinThreeReadingsOfHerLevelAsSheFallsIll()
            throws Exception {
        // The reading of a sip at index 7 is lost: the next reads 0.6 °C lower, too slow a fall
        // per interval to tell, so her median is learnt afresh. Her level then falls 0.1 °C a
        // reading from 38.6 to 36.8 °C while she drinks every 80 min.
        double[] level = Drinks.falling(38.6, 10, 0.1, 36.8, 80);
        List<Drink> drinks = new ArrayList<>(List.of(new Drink(7, 0.9)));
        for (int at = 16; at < 80; at += 8) {
            drinks.add(new Drink(at, 3.0));
        }
        double[] temps = Drinks.over(level, drinks.toArray(Drink[]::new));
        temps[7] = LOST;
        assertThat(temps[6] - temps[8]).isBetween(0.5, 1.0);
        int[] run =
                Runs.first(
                        temps,
                        9,
                        t -> t <= HYPOTHERMIA,
                        3,
                        Drinks.cooled(drinks.toArray(Drink[]::new)));
        int levelLow = Runs.first(level, 0, t -> t <= HYPOTHERMIA, 1, Set.of())[0];

        List<Integer> raised = hypothermiaRaised(temps);
        assertThat(raised.get(0)).as("raised by").isLessThanOrEqualTo(run[1]);
        assertThat(raised.get(1)).as("dated from").isGreaterThanOrEqualTo(levelLow);
    }

    /**
     * No HYPOTHERMIA before reading {@code raisedAt} of {@code temps}, which raises it, dated from
     * reading {@code from}.
     */
    private static void assertHypothermiaRaisedAt(double[] temps, int raisedAt, int from)
            throws Exception {
        List<Reading> readings = temperatures("cow-2", temps);
        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            assertThat(
                            DetectorHarness.ofKind(
                                    detector.stepAll(readings.subList(0, raisedAt)),
                                    AlertKind.HYPOTHERMIA))
                    .isEmpty();
            assertThat(
                            DetectorHarness.ofKind(
                                    detector.step(readings.get(raisedAt)), AlertKind.HYPOTHERMIA))
                    .extracting(HealthAlert::startedAt)
                    .containsExactly(at(from));
        }
    }

    /**
     * The index of {@code temps} whose reading raised the first HYPOTHERMIA, and that of the
     * reading it is dated from; empty if none was raised. {@link TestReadings#LOST} ones are not
     * sent.
     */
    private static List<Integer> hypothermiaRaised(double[] temps) throws Exception {
        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            for (Reading reading : temperatures("cow-2", temps)) {
                for (HealthAlert alert :
                        DetectorHarness.ofKind(detector.step(reading), AlertKind.HYPOTHERMIA)) {
                    return List.of(index(reading.timestamp()), index(alert.startedAt()));
                }
            }
            return List.of();
        }
    }

    private static int index(Instant at) {
        return (int) Duration.between(TestReadings.START, at).dividedBy(TestReadings.INTERVAL);
    }

    /** A stall at or below 37.5 C with a drink on the next reading: no level, so no alarm. */
    private static void assertStallBeforeADrinkIsNoLevel(double[] temps, int stall)
            throws Exception {
        assertThat(temps[stall]).isLessThanOrEqualTo(HYPOTHERMIA);
        assertThat(temps[stall] - temps[stall + 1]).as("a drink next").isGreaterThan(0.5);
        assertNoHypothermia(temps);
    }

    private static void assertNoHypothermia(double[] temps) throws Exception {
        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            assertThat(detector.stepAll(temperatures("cow-2", temps)))
                    .extracting(HealthAlert::kind)
                    .doesNotContain(AlertKind.HYPOTHERMIA);
        }
    }

    /**
     * Six readings at 39.0 C, then down {@code perReadingC} a reading while above {@code toC}, then
     * {@code staying} readings at {@code toC}.
     */
    private static double[] steadyFallFrom39(double perReadingC, double toC, int staying) {
        List<Double> fall = new ArrayList<>();
        for (double t = 39.0; t > toC; t -= perReadingC) {
            fall.add(Math.round(t * 100) / 100.0);
        }
        return concat(
                repeat(39.0, 6),
                fall.stream().mapToDouble(Double::doubleValue).toArray(),
                repeat(toC, staying));
    }
}
