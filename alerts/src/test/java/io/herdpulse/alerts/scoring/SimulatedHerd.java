package io.herdpulse.alerts.scoring;

import io.herdpulse.model.AlertKind;
import io.herdpulse.model.Reading;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A seeded herd of boluses reporting every ten minutes, with the physiology the rules rely on and,
 * optionally, one condition injected per cow (the ground truth of a scoring run).
 *
 * <p>Healthy cows: rumen temperature 38.6–39.1 °C with a ±0.2 °C daily rhythm and 0.08 °C noise,
 * 5–7 drinking bouts a day that cool the rumen by 2.5–7 °C and re-warm with a 25 min time constant;
 * rumination 420–540 min a day, more at night, with ±6 % day-to-day variation; activity with a
 * daytime rhythm, milking peaks and log-normal noise; a pH bolus on every fourth cow (and on the
 * cows with acidosis) with pH 6.2–6.5 and a 0.25 dip after each feeding. Pregnant herd: no heats
 * unless injected.
 */
public final class SimulatedHerd {
    static final Duration INTERVAL = Duration.ofMinutes(10);
    static final Instant START = Instant.parse("2026-03-02T00:10:00Z");
    private static final double TAU_MIN = 25.0;

    /** One condition injected into one cow: the rule that should report it and when it lasts. */
    public record Injected(String animalId, AlertKind kind, Instant start, Instant end) {}

    private final List<Cow> cows = new ArrayList<>();
    private final List<Injected> injected = new ArrayList<>();
    private final int days;

    /**
     * @param sick whether cows get conditions: cow i gets the (i mod 7)-th of FEVER, HYPOTHERMIA,
     *     LOW_RUMINATION, HIGH_ACTIVITY, LOW_PH, SENSOR_SILENT or none, from day 4 on
     */
    public SimulatedHerd(long seed, int cowCount, int days, boolean sick) {
        this.days = days;
        SplittableRandom seeds = new SplittableRandom(seed);
        AlertKind[] plan = {
            AlertKind.FEVER,
            AlertKind.HYPOTHERMIA,
            AlertKind.LOW_RUMINATION,
            AlertKind.HIGH_ACTIVITY,
            AlertKind.LOW_PH,
            AlertKind.SENSOR_SILENT,
            null
        };
        for (int i = 0; i < cowCount; i++) {
            SplittableRandom random = seeds.split();
            String id = String.format("cow-%04d", i);
            String farm = "farm-" + (i % 4);
            AlertKind kind = sick ? plan[i % plan.length] : null;
            Injected condition = kind == null ? null : inject(id, kind, random);
            if (condition != null) {
                injected.add(condition);
            }
            cows.add(new Cow(id, farm, random, condition, i % 4 == 0 || kind == AlertKind.LOW_PH));
        }
    }

    private Injected inject(String id, AlertKind kind, SplittableRandom random) {
        // From day 4, so the baselines have their three days; ends a day before the run does.
        long latestStart = Math.max(1, (days - 4 - 4) * 24L);
        Instant start =
                START.plus(Duration.ofDays(4)).plus(Duration.ofHours(random.nextLong(latestStart)));
        Duration length =
                switch (kind) {
                    case FEVER -> Duration.ofHours(36);
                    case HYPOTHERMIA -> Duration.ofHours(12);
                    case LOW_RUMINATION -> Duration.ofDays(3);
                    case HIGH_ACTIVITY -> Duration.ofHours(14);
                    case LOW_PH -> Duration.ofDays(3);
                    case SENSOR_SILENT -> Duration.ofHours(6);
                    case DRINKING -> throw new IllegalArgumentException("drinking is no condition");
                };
        return new Injected(id, kind, start, start.plus(length));
    }

    public int steps() {
        return days * 24 * 6;
    }

    public int cowDays() {
        return cows.size() * days;
    }

    public List<Injected> injected() {
        return injected;
    }

    public static Instant at(int step) {
        return START.plus(INTERVAL.multipliedBy(step));
    }

    /** The readings of every cow that reports at this step, in cow order. */
    public List<Reading> readingsAt(int step) {
        Instant t = at(step);
        List<Reading> readings = new ArrayList<>(cows.size());
        for (Cow cow : cows) {
            Reading reading = cow.read(t);
            if (reading != null) {
                readings.add(reading);
            }
        }
        return readings;
    }

    private static final class Cow {
        private final String id;
        private final String farm;
        private final SplittableRandom random;
        private final Injected condition;
        private final boolean phBolus;
        private final double baseTemp;
        private final double ruminationShare;
        private final double activity;
        private final double basePh;
        private final double severity;
        private long day = Long.MIN_VALUE;
        private double dayFactorRumination;
        private double dayFactorActivity;
        private Instant lastDrink = Instant.MIN;
        private double drinkDrop;

        Cow(String id, String farm, SplittableRandom random, Injected condition, boolean phBolus) {
            this.id = id;
            this.farm = farm;
            this.random = random;
            this.condition = condition;
            this.phBolus = phBolus;
            this.baseTemp = 38.6 + 0.5 * random.nextDouble();
            this.ruminationShare = (420 + 120 * random.nextDouble()) / 1440.0;
            this.activity = 8 + 17 * random.nextDouble();
            this.basePh = 6.2 + 0.3 * random.nextDouble();
            this.severity = random.nextDouble();
        }

        Reading read(Instant t) {
            long today = Math.floorDiv(t.getEpochSecond() - 1, 86_400);
            if (today != day) {
                day = today;
                dayFactorRumination = 1 + 0.06 * random.nextGaussian();
                dayFactorActivity = 1 + 0.08 * random.nextGaussian();
            }
            if (random.nextDouble() < 6.0 / 144) {
                // A drinking bout somewhere in the last interval.
                lastDrink = t.minusSeconds(random.nextLong(600));
                drinkDrop = 2.5 + 4.5 * random.nextDouble();
            }
            if (active(AlertKind.SENSOR_SILENT, t)) {
                return null;
            }
            double hour = (t.getEpochSecond() % 86_400) / 3600.0;
            double temp =
                    baseTemp
                            + 0.2 * Math.sin(2 * Math.PI * (hour - 12) / 24)
                            + 0.08 * random.nextGaussian()
                            + conditionTemp(t);
            double sinceDrink = Duration.between(lastDrink, t).toSeconds() / 60.0;
            if (sinceDrink < 180) {
                temp -= drinkDrop * Math.exp(-sinceDrink / TAU_MIN);
            }

            double share =
                    ruminationShare
                            * dayFactorRumination
                            * (1 + 0.3 * Math.cos(2 * Math.PI * (hour - 2) / 24))
                            * (active(AlertKind.LOW_RUMINATION, t) ? 1 - 0.6 * ramp(t, 6) : 1);
            double rumination = clamp(10 * share + 1.5 * random.nextGaussian(), 0, 10);

            double act =
                    activity
                            * dayFactorActivity
                            * daytime(hour)
                            * Math.exp(0.35 * random.nextGaussian() - 0.06)
                            * (active(AlertKind.HIGH_ACTIVITY, t)
                                    ? 1 + ramp(t, 2) * (2.0 + 1.0 * severity)
                                    : 1);

            Double ph = null;
            if (phBolus) {
                double sinceFeed = Math.min(hoursSince(hour, 6), hoursSince(hour, 17));
                double dip = sinceFeed < 3 ? 0.25 * Math.sin(Math.PI * sinceFeed / 3) : 0;
                double acid =
                        active(AlertKind.LOW_PH, t) && sinceFeed < 5
                                ? (basePh - 5.45) * Math.sin(Math.PI * sinceFeed / 5)
                                : 0;
                ph = clamp(basePh - dip - acid + 0.05 * random.nextGaussian(), 4.0, 8.0);
            }
            String readingId =
                    UUID.nameUUIDFromBytes((id + t).getBytes(StandardCharsets.UTF_8)).toString();
            return new Reading(
                    1,
                    readingId,
                    farm,
                    id,
                    "bolus-" + id,
                    t,
                    round(temp, 2),
                    round(act, 2),
                    round(rumination, 2),
                    null,
                    ph == null ? null : round(ph, 2));
        }

        private double conditionTemp(Instant t) {
            if (active(AlertKind.FEVER, t)) {
                return ramp(t, 2) * (1.2 + 0.6 * severity);
            }
            if (active(AlertKind.HYPOTHERMIA, t)) {
                return -ramp(t, 3) * (1.6 + 0.6 * severity);
            }
            return 0;
        }

        private boolean active(AlertKind kind, Instant t) {
            return condition != null
                    && condition.kind() == kind
                    && !t.isBefore(condition.start())
                    && t.isBefore(condition.end());
        }

        /** 0 to 1 over the first hours of the condition. */
        private double ramp(Instant t, double hours) {
            double elapsed = Duration.between(condition.start(), t).toMinutes() / 60.0;
            return Math.min(1, elapsed / hours);
        }

        /** Quiet at night, busy by day, peaks around the milkings at 06:00 and 17:00. */
        private static double daytime(double hour) {
            double base = hour >= 6 && hour < 21 ? 1.2 : 0.7;
            double milking = Math.min(Math.abs(hour - 6), Math.abs(hour - 17)) < 1 ? 1.3 : 1.0;
            return base * milking;
        }

        private static double hoursSince(double hour, double event) {
            return ((hour - event) % 24 + 24) % 24;
        }
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }

    private static double round(double v, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(v * scale) / scale;
    }
}
