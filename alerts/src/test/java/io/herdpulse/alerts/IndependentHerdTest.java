package io.herdpulse.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.herdpulse.model.AlertKind;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Reading;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Cows written by hand from physiology, not by the project's simulator: the rules must hold on data
 * they were not tuned to.
 *
 * <p>The model here is deliberately different from the simulator's and from {@link Drinks}: a drink
 * lands at a random second between two readings, and the cold water warms exponentially (Newton's
 * law of cooling, time constant 15–35 min), not quadratically to nothing; drinks add up. Her own
 * temperature (body) is a function of time: a daily rhythm, heat stress, a disease. The expected
 * outcome of every scenario comes from DESIGN.md's alert table, never from running the rules.
 */
class IndependentHerdTest {
    private static final Duration INTERVAL = Duration.ofMinutes(10);
    private static final int PER_DAY = 144;

    /** A Monday in July, ten past midnight UTC. */
    private static final Instant T0 = Instant.parse("2026-07-06T00:10:00Z");

    private static final double FEVER = 39.7;
    private static final double HYPOTHERMIA = 37.5;

    /** What no healthy cow may raise (DRINKING is an event, not an alarm). */
    private static final Set<AlertKind> ALARMS =
            EnumSet.complementOf(EnumSet.of(AlertKind.DRINKING));

    /** Cooling (°C) below which a reading counts as not cooled by a drink: the bolus's 0.05 °C. */
    private static final double COOLED_C = 0.05;

    // ---------------------------------------------------------------- the physiology model

    /** A drink: cold water cooling her rumen by {@code dropC} at {@code at}, warming with tau. */
    record Drink(Instant at, double dropC, double tauMin) {
        double coolingAt(Instant t) {
            if (t.isBefore(at)) {
                return 0;
            }
            double minutes = Duration.between(at, t).toSeconds() / 60.0;
            return dropC * Math.exp(-minutes / tauMin);
        }

        /** Litres behind the drop: about 0.4 °C a litre of trough water. */
        double litres() {
            return Math.min(100, dropC / 0.4);
        }
    }

    static double hourOfDay(Instant t) {
        return t.atZone(ZoneOffset.UTC).toLocalTime().toSecondOfDay() / 3600.0;
    }

    /** Her own temperature: a level and a daily rhythm peaking in the late afternoon (16:00). */
    static ToDoubleFunction<Instant> circadian(double levelC, double amplitudeC) {
        return t -> levelC + amplitudeC * Math.cos(2 * Math.PI * (hourOfDay(t) - 16) / 24);
    }

    /** Rumination minutes per 10 min: most at night, about 490 min a day. */
    static double rumination(Instant t) {
        return 3.4 + 1.3 * Math.cos(2 * Math.PI * (hourOfDay(t) - 2) / 24);
    }

    /** Activity per 10 min: a resting level with peaks at the 05:00 and 17:00 milkings. */
    static double activity(Instant t) {
        double h = hourOfDay(t);
        return 8 + 10 * Math.exp(-sq(h - 5) / 0.5) + 10 * Math.exp(-sq(h - 17) / 0.5);
    }

    static double sq(double x) {
        return x * x;
    }

    /**
     * Drinks of a healthy cow: {@code min..max} a day, by day (05:00–23:00), at random seconds,
     * each cooling her by {@code minDrop..maxDrop} °C, the water warming with tau 20–35 min.
     */
    static List<Drink> dailyDrinks(
            Random rnd, int days, int min, int max, double minDrop, double maxDrop) {
        List<Drink> drinks = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            int n = min + rnd.nextInt(max - min + 1);
            for (int k = 0; k < n; k++) {
                long second = (long) ((5 + 18 * rnd.nextDouble()) * 3600);
                Instant at = T0.minusSeconds(600).plus(Duration.ofDays(d)).plusSeconds(second);
                drinks.add(
                        new Drink(
                                at,
                                minDrop + (maxDrop - minDrop) * rnd.nextDouble(),
                                20 + 15 * rnd.nextDouble()));
            }
        }
        return drinks;
    }

    /** One bolus's readings; the fields say what it measures and how badly. */
    static final class Bolus {
        String animal = "cow";
        String farm = "farm-1";
        int count = 5 * PER_DAY;
        ToDoubleFunction<Instant> body = circadian(38.8, 0.3);
        List<Drink> drinks = List.of();
        double noiseC;
        boolean reportsWater = true;
        double missingShare;
        ToDoubleFunction<Instant> ph;
        ToDoubleFunction<Instant> ruminationFactor = t -> 1.0;
        long seed = 1;

        /** Readings [gapFrom, gapFrom + gapReadings) are never sent: the bolus was down. */
        int gapFrom = -1;

        int gapReadings;

        Instant at(int i) {
            return T0.plus(INTERVAL.multipliedBy(i));
        }

        double own(int i) {
            return body.applyAsDouble(at(i));
        }

        double cooling(int i) {
            return drinks.stream().mapToDouble(d -> d.coolingAt(at(i))).sum();
        }

        boolean cooled(int i) {
            return cooling(i) >= COOLED_C;
        }

        /** The readings the bolus sends, in hundredths of a degree; missing ones left out. */
        List<Reading> readings() {
            Random rnd = new Random(seed);
            List<Reading> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                double noise = noiseC * (2 * rnd.nextDouble() - 1);
                boolean missing = rnd.nextDouble() < missingShare;
                if (missing || (i >= gapFrom && i < gapFrom + gapReadings)) {
                    continue;
                }
                Instant t = at(i);
                double temp = Math.round((own(i) - cooling(i) + noise) * 100) / 100.0;
                Instant prev = at(i - 1);
                double litres =
                        drinks.stream()
                                .filter(d -> d.at().isAfter(prev) && !d.at().isAfter(t))
                                .mapToDouble(Drink::litres)
                                .sum();
                double dayFactor = 0.9 + 0.2 * new Random(seed * 31 + i / PER_DAY).nextDouble();
                out.add(
                        TestReadings.reading(
                                farm,
                                animal,
                                t,
                                temp,
                                round1(activity(t) * dayFactor),
                                Math.min(
                                        10,
                                        round1(
                                                rumination(t)
                                                        * dayFactor
                                                        * ruminationFactor.applyAsDouble(t))),
                                reportsWater ? Math.min(100, round1(litres)) : 0.0,
                                ph == null ? null : Math.round(ph.applyAsDouble(t) * 100) / 100.0));
            }
            return out;
        }

        /**
         * DESIGN.md's FEVER/HYPOTHERMIA onset read on this cow: the reading completing the first
         * run of 3 readings meeting {@code p} that are not drinking readings (those cooled by a
         * drink are skipped: they neither count nor break), or -1.
         */
        int contractOnset(List<Reading> sent, IntPredicate p) {
            int run = 0;
            for (Reading r : sent) {
                int i = index(r.timestamp());
                if (cooled(i)) {
                    continue;
                }
                run = p.test(i) ? run + 1 : 0;
                if (run == 3) {
                    return i;
                }
            }
            return -1;
        }
    }

    static int index(Instant t) {
        return (int) Duration.between(T0, t).dividedBy(INTERVAL);
    }

    static double round1(double x) {
        return Math.round(x * 10) / 10.0;
    }

    // ---------------------------------------------------------------- delivery

    /** An alert as a row ends up: what the ordering of arrivals must not change. */
    record Row(String id, AlertKind kind, Instant startedAt, Instant endedAt, Double value) {
        static Row of(HealthAlert a) {
            return new Row(a.alertId(), a.kind(), a.startedAt(), a.endedAt(), a.value());
        }
    }

    /** A detected alert and the index of the reading whose arrival emitted it. */
    record Seen(HealthAlert alert, int atReading) {}

    /** In order, the watermark at each reading, as a stream without disorder. */
    static List<Seen> inOrder(List<Reading> readings) throws Exception {
        List<Seen> seen = new ArrayList<>();
        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            for (Reading r : readings) {
                for (HealthAlert a : detector.step(r)) {
                    seen.add(new Seen(a, index(r.timestamp())));
                }
            }
        }
        return seen;
    }

    /**
     * As Kafka and the job deliver a jittery gateway: a third of neighbouring readings swapped, one
     * in twenty sent again a little later, each stamped with its partition's watermark (newest so
     * far less 15 min of out-of-orderness) and Flink's watermark following it; the end of the
     * stream drains everything.
     */
    static List<HealthAlert> hostile(List<Reading> readings, long seed) throws Exception {
        Random rnd = new Random(seed);
        List<Reading> arrivals = new ArrayList<>(readings);
        for (int i = 0; i + 1 < arrivals.size(); i++) {
            if (rnd.nextDouble() < 0.33) {
                Reading a = arrivals.get(i);
                arrivals.set(i, arrivals.get(i + 1));
                arrivals.set(i + 1, a);
                i++;
            }
        }
        for (int i = arrivals.size() - 1; i >= 0; i--) {
            if (rnd.nextDouble() < 0.05) {
                arrivals.add(Math.min(arrivals.size(), i + 2), arrivals.get(i));
            }
        }
        long tolerance = Duration.ofMinutes(15).toMillis();
        long newest = Long.MIN_VALUE;
        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            for (Reading r : arrivals) {
                long stamp = newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - tolerance;
                detector.send(r, stamp);
                newest = Math.max(newest, r.timestamp().toEpochMilli());
                detector.watermark(newest - tolerance);
            }
            detector.watermark(newest + 1);
            return detector.newAlerts();
        }
    }

    static List<Row> rows(List<HealthAlert> alerts) {
        return alerts.stream().map(Row::of).toList();
    }

    static List<Row> rowsOf(List<Seen> seen) {
        return rows(seen.stream().map(Seen::alert).toList());
    }

    static List<Seen> alarms(List<Seen> seen) {
        return seen.stream().filter(s -> ALARMS.contains(s.alert().kind())).toList();
    }

    static List<Seen> kind(List<Seen> seen, AlertKind kind) {
        return seen.stream().filter(s -> s.alert().kind() == kind).toList();
    }

    /** The first start of this kind, or fails. */
    static Seen firstStart(List<Seen> seen, AlertKind kind) {
        return kind(seen, kind).stream()
                .filter(s -> s.alert().endedAt() == null)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " raised"));
    }

    /** Seeds per healthy scenario: each draws other drinks, noise and gaps. */
    private static final int SEEDS = 20;

    /**
     * No alarm on any of {@link #SEEDS} cows of this kind, in order or delivered out of order with
     * duplicates; and her large drinks were seen (DRINKING events), so the scenario tested
     * something.
     */
    static void assertNoAlarm(IntFunction<Bolus> cows) throws Exception {
        List<String> failed = new ArrayList<>();
        for (int seed = 1; seed <= SEEDS; seed++) {
            try {
                assertNoAlarm(cows, seed);
            } catch (AssertionError e) {
                failed.add(e.getMessage().lines().limit(3).reduce("", String::concat));
            }
        }
        assertThat(failed).as("healthy cows with an alarm, of %d", SEEDS).isEmpty();
    }

    static void assertNoAlarm(IntFunction<Bolus> cows, int seed) throws Exception {
        {
            Bolus cow = cows.apply(seed);
            cow.seed = seed;
            List<Reading> readings = cow.readings();
            List<Seen> seen = inOrder(readings);
            if (!alarms(seen).isEmpty()) {
                // For the report: her readings around the false alarm's start.
                Seen alarm = alarms(seen).get(0);
                int start = index(alarm.alert().startedAt());
                StringBuilder trace = new StringBuilder("seed " + seed + " false alarm:");
                for (Reading r : readings) {
                    int i = index(r.timestamp());
                    if (i >= start - 14 && i <= alarm.atReading()) {
                        trace.append(
                                String.format(
                                        " %d:%.2f(own %.2f, cool %.2f)",
                                        i, r.rumenTempC(), cow.own(i), cow.cooling(i)));
                    }
                }
                System.out.println(trace);
            }
            assertThat(alarms(seen))
                    .as("alarms on healthy cow of seed %d, in order", seed)
                    .extracting(s -> Row.of(s.alert()))
                    .isEmpty();
            if (cow.drinks.stream().anyMatch(d -> d.dropC() >= 3)) {
                assertThat(kind(seen, AlertKind.DRINKING))
                        .as("her large drinks are seen (seed %d)", seed)
                        .isNotEmpty();
            }
            assertThat(hostile(readings, seed))
                    .as("alarms on healthy cow of seed %d, out of order with duplicates", seed)
                    .filteredOn(a -> ALARMS.contains(a.kind()))
                    .extracting(Row::of)
                    .isEmpty();
        }
    }

    /** A cow of this seed at her own temperature, drinking 8–12 times a day, 1.5–4 °C each. */
    static Bolus drinker(int seed, ToDoubleFunction<Instant> body) {
        Bolus cow = new Bolus();
        cow.body = body;
        cow.drinks = dailyDrinks(new Random(seed * 7919L), 5, 8, 12, 1.5, 4.0);
        return cow;
    }

    // ---------------------------------------------------------------- 1. healthy cows

    @Test
    void aHealthyCowWithADailyRhythmOfHalfADegreeRaisesNoAlarm() throws Exception {
        assertNoAlarm(seed -> drinker(seed, circadian(38.8, 0.5)));
    }

    @Test
    void aHealthyCowWhoseNormalIs38RaisesNoAlarmWhileDrinking() throws Exception {
        // A low-normal cow: her drinks take her to 34–36.5 °C and she re-warms for an hour or
        // two below 37.5 °C. Every such reading is a drink's re-warming, excluded by DESIGN.md.
        assertNoAlarm(seed -> drinker(seed, circadian(38.0, 0.2)));
    }

    @Test
    void aHealthyCowWhoseNormalIs39Point5RaisesNoAlarmWhileDrinking() throws Exception {
        assertNoAlarm(seed -> drinker(seed, circadian(39.5, 0.1)));
    }

    @Test
    void heatStressOnSummerAfternoonsAt39Point4To39Point6IsNoFever() throws Exception {
        // 13:00–19:00 she climbs to a 39.4–39.6 °C plateau (under FEVER's 39.7), then cools by
        // night; she drinks more on hot afternoons.
        ToDoubleFunction<Instant> normal = circadian(38.7, 0.2);
        ToDoubleFunction<Instant> heatStressed =
                t -> {
                    double h = hourOfDay(t);
                    double heat =
                            h < 12 || h > 21 ? 0 : h < 13 ? h - 12 : h <= 19 ? 1 : 1 - (h - 19) / 2;
                    double plateau = 39.5 + 0.1 * Math.sin(2 * Math.PI * h / 1.5);
                    double own = normal.applyAsDouble(t);
                    return own + heat * (plateau - own);
                };
        assertNoAlarm(
                seed -> {
                    Bolus cow = drinker(seed, heatStressed);
                    cow.drinks = dailyDrinks(new Random(seed), 5, 10, 14, 1.5, 4.0);
                    return cow;
                });
    }

    @Test
    void aCowDrinking8To12TimesADayWithDropsOf1Point5To4RaisesNoAlarm() throws Exception {
        assertNoAlarm(seed -> drinker(seed, circadian(38.8, 0.3)));
    }

    @Test
    void aBolusWithWhiteNoiseOfAFifthOfADegreeRaisesNoAlarm() throws Exception {
        assertNoAlarm(normalDrinker(cow -> cow.noiseC = 0.2));
    }

    @Test
    void aBolusThatAlwaysReportsNoWaterWhileHerRumenShowsHerDrinksRaisesNoAlarm() throws Exception {
        assertNoAlarm(normalDrinker(cow -> cow.reportsWater = false));
    }

    @Test
    void aBolusMissingOneReadingInTwentyRaisesNoAlarm() throws Exception {
        assertNoAlarm(normalDrinker(cow -> cow.missingShare = 0.05));
    }

    /** A drinking cow at 38.8 °C with a daily rhythm, her bolus as {@code bolus} sets it. */
    private static IntFunction<Bolus> normalDrinker(Consumer<Bolus> bolus) {
        return seed -> {
            Bolus cow = drinker(seed, circadian(38.8, 0.3));
            bolus.accept(cow);
            return cow;
        };
    }

    @Test
    void aLowNormalCowWithANoisyGappyBolusAndLargeColdDrinksRaisesNoAlarm() throws Exception {
        // Everything at once on the cow nearest HYPOTHERMIA: 38.0 °C, noise 0.1 °C, 5 % of her
        // readings lost, and winter water cooling her by up to 6 °C (Cantor et al. 2018 saw up
        // to about 8).
        assertNoAlarm(
                seed -> {
                    Bolus cow = drinker(seed, circadian(38.0, 0.2));
                    cow.drinks = dailyDrinks(new Random(seed), 5, 8, 12, 1.5, 6.0);
                    cow.noiseC = 0.1;
                    cow.missingShare = 0.05;
                    return cow;
                });
    }

    @Test
    void aHealthyCowWhoseBolusIsDownForFourHoursRaisesNoTemperatureAlarmWhenItResumes()
            throws Exception {
        // She drinks on while her bolus is down (13:00–17:00 on day 3): it may come back in the
        // middle of a re-warming. SENSOR_SILENT needs other cows of the farm; she is alone.
        assertNoAlarm(
                seed -> {
                    Bolus cow = drinker(seed, circadian(38.4, 0.3));
                    cow.gapFrom = 2 * PER_DAY + 78 + seed % 6;
                    cow.gapReadings = 24;
                    return cow;
                });
    }

    // ---------------------------------------------------------------- 2. sick cows

    /** Sick cows are checked on this many seeds: other drinks at other moments. */
    private static final int SICK_SEEDS = 20;

    /** Readings of day 1 (from 10:00) at which a disease starts: after a day to learn her. */
    private static final int ONSET = PER_DAY + 60;

    /**
     * A temperature alarm of this kind, raised no later than DESIGN.md's third reading past the
     * threshold not cooled by a drink, and started no earlier than her own temperature crossed; and
     * the same rows when delivered out of order with duplicates.
     */
    static Seen assertRaisedWithinTheContract(
            Bolus cow, AlertKind kind, IntPredicate past, String what) throws Exception {
        List<Reading> readings = cow.readings();
        List<Seen> seen = inOrder(readings);
        int ownCrossing = -1;
        for (int i = 0; i < cow.count && ownCrossing < 0; i++) {
            if (past.test(i)) {
                // (the predicate is on her own temperature as the bolus would round it)
                ownCrossing = i;
            }
        }
        int contract = cow.contractOnset(readings, i -> past.test(i) && pastReading(cow, kind, i));
        // Where drinks leave no three uncooled readings in a row, DESIGN.md sets no reading bound.
        contract = contract < 0 ? Integer.MAX_VALUE : contract;
        assertThat(kind(alarms(seen), kind))
                .as(
                        "%s: %s raised (own crossing at reading %d, contract's at %d)",
                        what, kind, ownCrossing, contract)
                .isNotEmpty();
        Seen first = firstStart(seen, kind);
        if (first.atReading() > contract
                || first.alert().startedAt().isBefore(cow.at(ownCrossing))) {
            // For the report: what she read from her own crossing to the alert.
            StringBuilder trace = new StringBuilder(what + " readings:");
            for (Reading r : readings) {
                int i = index(r.timestamp());
                if (i >= ownCrossing - 10 && i <= first.atReading()) {
                    trace.append(
                            String.format(
                                    " %d:%.2f(own %.2f%s)",
                                    i, r.rumenTempC(), cow.own(i), cow.cooled(i) ? " drink" : ""));
                }
            }
            System.out.println(trace);
        }
        assertThat(first.atReading())
                .as(
                        "%s: raised at %d, by the contract's third reading %d (own crossing %d,"
                                + " started %s)",
                        what, first.atReading(), contract, ownCrossing, first.alert().startedAt())
                .isLessThanOrEqualTo(contract);
        // One reading early is allowed: a re-warming whose last rise her fall cancels (0.1 °C a
        // reading) looks level, and the reading is at or past the threshold as sent.
        assertThat(first.atReading())
                .as("%s: not raised before her own temperature crossed", what)
                .isGreaterThanOrEqualTo(ownCrossing);
        assertThat(first.alert().startedAt())
                .as("%s: started when her own temperature crossed", what)
                .isAfterOrEqualTo(cow.at(ownCrossing - 1));
        assertThat(alarms(seen))
                .as("%s: no other alarm", what)
                .allSatisfy(s -> assertThat(s.alert().kind()).isEqualTo(kind));
        assertThat(rows(hostile(readings, cow.seed)))
                .as("%s: the same rows out of order with duplicates", what)
                .containsExactlyInAnyOrderElementsOf(rowsOf(seen));
        return first;
    }

    static double ownRounded(Bolus cow, int i) {
        return Math.round(cow.own(i) * 100) / 100.0;
    }

    /** The reading as sent is past the threshold too (a drink can only cool it). */
    static boolean pastReading(Bolus cow, AlertKind kind, int i) {
        double reading = Math.round((cow.own(i) - cow.cooling(i)) * 100) / 100.0;
        return kind == AlertKind.FEVER ? reading >= FEVER : reading <= HYPOTHERMIA;
    }

    /** Her own temperature: 38.8 °C with a rhythm, then a fever rising over 2 h to 40.5 °C. */
    static ToDoubleFunction<Instant> fever(int onset, int riseReadings) {
        ToDoubleFunction<Instant> normal = circadian(38.8, 0.3);
        return t -> {
            int i = index(t);
            double own = normal.applyAsDouble(t);
            if (i < onset) {
                return own;
            }
            double share = Math.min(1, (i - onset) / (double) riseReadings);
            return own + share * (40.5 - own);
        };
    }

    @Test
    void aFeverRisingOverTwoHoursTo40Point5WhileSheDrinksNormallyIsAlertedWithinThreeReadings()
            throws Exception {
        List<String> late = new ArrayList<>();
        for (int seed = 1; seed <= 3 * SICK_SEEDS; seed++) {
            Bolus cow = drinker(seed, fever(ONSET, 12));
            cow.seed = seed;
            cow.count = 2 * PER_DAY;
            try {
                assertRaisedWithinTheContract(
                        cow,
                        AlertKind.FEVER,
                        i -> ownRounded(cow, i) >= FEVER,
                        "fever seed " + seed);
            } catch (AssertionError e) {
                late.add(e.getMessage().lines().findFirst().orElse(""));
            }
        }
        assertThat(late).as("seeds alerted after the contract's third reading").isEmpty();
    }

    /** 38.6 °C, then from {@code onset} down 0.1 °C a reading to 36.8 °C. */
    static ToDoubleFunction<Instant> milkFever(int onset) {
        return t -> Math.max(36.8, 38.6 - 0.1 * Math.max(0, index(t) - onset + 1));
    }

    /** A healthy day of drinks, then from {@code from} a small drink every hour. */
    static List<Drink> hourlyFrom(Random rnd, int from, int count) {
        List<Drink> drinks =
                new ArrayList<>(
                        dailyDrinks(rnd, 1, 8, 12, 1.5, 4.0).stream()
                                .filter(d -> index(d.at()) < from - 6)
                                .toList());
        for (int h = from; h < count; h += 6) {
            long second = (long) (600 * 6 * rnd.nextDouble());
            drinks.add(
                    new Drink(
                            T0.plus(INTERVAL.multipliedBy(h)).plusSeconds(second),
                            1.5 + 1.5 * rnd.nextDouble(),
                            10 + 5 * rnd.nextDouble()));
        }
        return drinks;
    }

    @Test
    void aMilkFeverFalling0Point1AReadingWhileSheDrinksHourlyIsAlertedWithinThreeReadings()
            throws Exception {
        List<String> late = new ArrayList<>();
        for (int seed = 1; seed <= 3 * SICK_SEEDS; seed++) {
            Bolus cow = new Bolus();
            cow.seed = seed;
            cow.count = 2 * PER_DAY;
            cow.body = milkFever(ONSET);
            cow.drinks = hourlyFrom(new Random(seed), ONSET - 6, cow.count);
            try {
                assertRaisedWithinTheContract(
                        cow,
                        AlertKind.HYPOTHERMIA,
                        i -> ownRounded(cow, i) <= HYPOTHERMIA,
                        "milk fever seed " + seed);
            } catch (AssertionError e) {
                late.add(e.getMessage().lines().findFirst().orElse(""));
            }
        }
        assertThat(late).as("seeds alerted after the contract's third reading").isEmpty();
    }

    /** A cow at a flat 38.8 °C with these readings from index {@code at} on, no drinks. */
    static List<Reading> flatWith(int at, double... temps) {
        Bolus cow = new Bolus();
        cow.count = at + temps.length + 12;
        cow.body =
                t -> {
                    int i = index(t) - at;
                    return i >= 0 && i < temps.length ? temps[i] : 38.8;
                };
        return cow.readings();
    }

    @Test
    void aFeverSpikeOfExactlyThreeReadingsIsAlertedOnItsThirdAndEndsAfterThreeBelow()
            throws Exception {
        // Up by at most 0.5 °C a reading and down by under 0.5 °C a reading (no drink): three
        // readings at or above 39.7 °C, then three below 39.5 °C.
        int at = 60;
        List<Reading> readings = flatWith(at, 39.3, 39.8, 40.0, 39.8, 39.4, 38.95, 38.8);
        List<Seen> seen = inOrder(readings);
        assertThat(alarms(seen))
                .extracting(s -> s.alert().kind(), s -> s.alert().startedAt(), Seen::atReading)
                .containsExactly(
                        tuple(AlertKind.FEVER, T0.plus(INTERVAL.multipliedBy(at + 1)), at + 3),
                        tuple(AlertKind.FEVER, T0.plus(INTERVAL.multipliedBy(at + 1)), at + 6));
        assertThat(alarms(seen).get(1).alert().endedAt())
                .as("ended at the first of three readings below 39.5 °C")
                .isEqualTo(T0.plus(INTERVAL.multipliedBy(at + 4)));
        assertThat(rows(hostile(readings, 3))).containsExactlyElementsOf(rowsOf(seen));
    }

    @Test
    void aFeverSpikeOfTwoReadingsIsNoFever() throws Exception {
        assertThat(alarms(inOrder(flatWith(60, 39.3, 39.8, 39.9, 39.4, 38.95, 38.8)))).isEmpty();
    }

    /**
     * The test's own reading of the 24-h rumination against her normal: the sum over (t − 24 h, t]
     * against the mean daily sum of up to 7 complete UTC days before t's day.
     */
    static double ruminationRatio(List<Reading> readings, int k) {
        Instant t = readings.get(k).timestamp();
        double window = 0;
        for (Reading r : readings) {
            if (r.timestamp().isAfter(t.minus(Duration.ofHours(24))) && !r.timestamp().isAfter(t)) {
                window += r.ruminationMin();
            }
        }
        // A reading covers the interval before it: a reading at midnight ends that day.
        long day = t.minusMillis(1).getEpochSecond() / 86400;
        double total = 0;
        int days = 0;
        for (long d = day - 7; d < day; d++) {
            double sum = 0;
            int n = 0;
            for (Reading r : readings) {
                if (r.timestamp().minusMillis(1).getEpochSecond() / 86400 == d) {
                    sum += r.ruminationMin();
                    n++;
                }
            }
            if (n == PER_DAY) {
                total += sum;
                days++;
            }
        }
        return window / (total / days);
    }

    @Test
    void lowRuminationAfterAFeedChangeIsAlertedWhenHer24HoursFallUnder60PercentOfHerNormal()
            throws Exception {
        // Eight normal days, then a new ration on day 8 at 08:00: she ruminates at 45 % of her
        // normal for 36 h and is back to it after.
        Instant change = T0.minusSeconds(600).plus(Duration.ofDays(8)).plus(Duration.ofHours(8));
        Bolus cow = new Bolus();
        cow.count = 11 * PER_DAY;
        cow.drinks = dailyDrinks(new Random(21), 11, 8, 12, 1.5, 4.0);
        cow.ruminationFactor =
                t ->
                        !t.isBefore(change) && t.isBefore(change.plus(Duration.ofHours(36)))
                                ? 0.45
                                : 1.0;
        List<Reading> readings = cow.readings();
        int from = index(change);
        int onset = from;
        while (ruminationRatio(readings, onset) >= 0.6) {
            onset++;
        }
        int end = onset + 1;
        while (ruminationRatio(readings, end) < 0.8) {
            end++;
        }
        List<Seen> seen = inOrder(readings);

        assertThat(alarms(seen))
                .as("one LOW_RUMINATION, started and ended within an hour of the test's own window")
                .extracting(s -> s.alert().kind())
                .containsExactly(AlertKind.LOW_RUMINATION, AlertKind.LOW_RUMINATION);
        HealthAlert started = alarms(seen).get(0).alert();
        HealthAlert ended = alarms(seen).get(1).alert();
        assertThat(started.startedAt())
                .isBetween(cow.at(onset).minus(Duration.ofHours(1)), cow.at(onset + 6));
        assertThat(ended.endedAt())
                .isBetween(cow.at(end).minus(Duration.ofHours(1)), cow.at(end + 6));
        assertThat(rows(hostile(readings, 5))).containsExactlyElementsOf(rowsOf(seen));
    }

    /** pH with one dip after the morning feed, {@code depth} below 6.4 at 10:00. */
    static ToDoubleFunction<Instant> phDip(int fromDay, double healthyDepth, double saraDepth) {
        return t -> {
            int day = index(t) / PER_DAY;
            double depth = day >= fromDay ? saraDepth : healthyDepth;
            return 6.4 - depth * Math.exp(-sq(hourOfDay(t) - 10) / 8);
        };
    }

    @Test
    void saraWithPhUnder5Point5ForHoursEachMorningIsAlertedAfterThreeHoursUnder5Point8()
            throws Exception {
        // Two healthy days dipping to 5.95, then from day 2 to 5.1 each morning (under 5.5 for
        // about 3.4 h, under 5.8 for about 5 h).
        Bolus cow = new Bolus();
        cow.count = 4 * PER_DAY;
        cow.drinks = dailyDrinks(new Random(22), 4, 8, 12, 1.5, 4.0);
        cow.ph = phDip(2, 0.45, 1.3);
        List<Reading> readings = cow.readings();
        int firstLow = -1;
        int lows = 0;
        int detection = -1;
        for (Reading r : readings) {
            if (r.rumenPh() < 5.8) {
                firstLow = firstLow < 0 ? index(r.timestamp()) : firstLow;
                if (++lows == 18) {
                    detection = index(r.timestamp());
                    break;
                }
            }
        }
        assertThat(firstLow).as("no low pH before day 2").isGreaterThanOrEqualTo(2 * PER_DAY);
        List<Seen> seen = inOrder(readings);

        Seen first = firstStart(seen, AlertKind.LOW_PH);
        assertThat(first.alert().startedAt()).isEqualTo(cow.at(firstLow));
        assertThat(first.atReading()).as("at the 18th low reading (3 h)").isEqualTo(detection);
        assertThat(alarms(seen)).extracting(s -> s.alert().kind()).containsOnly(AlertKind.LOW_PH);
        assertThat(rows(hostile(readings, 6))).containsExactlyElementsOf(rowsOf(seen));
    }

    @Test
    void aHealthyPhDipUnder5Point8ForUnderTwoHoursADayIsNoSara() throws Exception {
        Bolus cow = new Bolus();
        cow.count = 4 * PER_DAY;
        cow.ph = phDip(0, 0.65, 0.65);
        List<Reading> readings = cow.readings();
        long low = readings.stream().filter(r -> r.rumenPh() < 5.8).count();
        assertThat(low).as("10–12 low readings a day").isBetween(36L, 52L);
        assertThat(alarms(inOrder(readings))).isEmpty();
    }

    @Test
    void aBolusGoingSilentWhileHerFarmReportsIsAlertedAfterThreeMissingReadings() throws Exception {
        // Three cows of one farm, her bolus dies at reading 300 and is back (a new one) at 400.
        int last = 299;
        int back = 400;
        List<Reading> all = new ArrayList<>();
        for (String animal : List.of("a1", "a2", "a3")) {
            Bolus cow = drinker(animal.hashCode(), circadian(38.8, 0.3));
            cow.animal = animal;
            cow.count = 3 * PER_DAY;
            cow.seed = animal.hashCode();
            if (animal.equals("a1")) {
                cow.gapFrom = last + 1;
                cow.gapReadings = back - last - 1;
            }
            all.addAll(cow.readings());
        }
        all.sort(Comparator.comparing(Reading::timestamp));
        List<Seen> seen = new ArrayList<>();
        try (DetectorHarness detector = DetectorHarness.withDefaults()) {
            for (Reading r : all) {
                detector.send(r);
                detector.watermark(r.timestamp());
                for (HealthAlert a : detector.newAlerts()) {
                    seen.add(new Seen(a, index(r.timestamp())));
                }
            }
        }
        assertThat(alarms(seen))
                .extracting(
                        s -> s.alert().animalId(),
                        s -> s.alert().kind(),
                        s -> s.alert().startedAt(),
                        s -> s.alert().endedAt())
                .containsExactly(
                        tuple(
                                "a1",
                                AlertKind.SENSOR_SILENT,
                                T0.plus(INTERVAL.multipliedBy(last + 1)),
                                null),
                        tuple(
                                "a1",
                                AlertKind.SENSOR_SILENT,
                                T0.plus(INTERVAL.multipliedBy(last + 1)),
                                T0.plus(INTERVAL.multipliedBy(back))));
        assertThat(alarms(seen).get(0).atReading())
                .as("raised once the farm reported at her deadline (30 min) and that is known")
                .isLessThanOrEqualTo(last + 4);
    }

    // ---------------------------------------------------------------- 3. hostile timing

    @Test
    void aFeverCowWhoseBolusWasDownForFourHoursIsAlertedOnTheThirdReadingBack() throws Exception {
        for (int seed = 1; seed <= SICK_SEEDS; seed++) {
            Bolus cow = drinker(seed, fever(ONSET, 12));
            cow.seed = seed;
            cow.count = 2 * PER_DAY;
            cow.gapFrom = ONSET - 6;
            cow.gapReadings = 24;
            assertRaisedWithinTheContract(
                    cow,
                    AlertKind.FEVER,
                    i -> ownRounded(cow, i) >= FEVER,
                    "fever after a gap, seed " + seed);
        }
    }
}
