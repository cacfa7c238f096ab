package io.herdpulse.producer.simulate;

import io.herdpulse.model.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The body of one simulated cow as her bolus sees it, reading by reading.
 *
 * <p>Figures, each from issue 4 and in line with the cited work:
 *
 * <ul>
 *   <li>Rumen temperature 38.7–39.3 °C: a per-animal offset of ±0.08 °C, a daily rhythm of ±0.15 °C
 *       peaking in the late afternoon and sensor noise of σ 0.02 °C (Bewley et al., J. Dairy Sci.
 *       91:3880, 2008, report reticular temperatures of about 39 °C outside drinking).
 *   <li>Drinking: 7–11 bouts a day (~9), most after milking and feeding and few at night; each of
 *       6–18 L, dropping the reading 2–8 °C (more water, deeper drop) and recovering over 60–120
 *       min, fast at first (Bewley et al. 2008: the drop follows every drink and takes up to about
 *       two hours to recover). Bouts are at least one interval apart, so a reading's water intake
 *       is one bout's.
 *   <li>Rumination 470–530 min a day (within 450–550), mostly at night and between meals, per
 *       reading 0 to the interval (Schirmann et al., J. Dairy Sci. 92:6052, 2009, validate such
 *       daily rumination times with monitors).
 *   <li>Activity: a per-animal level of 8–14 per 10 min, low at night and peaking at the morning
 *       and evening milkings, with log-normal noise.
 *   <li>Rumen pH 6.30–6.40 with a dip of 0.15–0.25 after each of two feedings (06:30, 17:30),
 *       reached in 2 h and recovered in 4 h, staying within 6.0–6.5 (Plaizier et al., Vet. J.
 *       176:21, 2008: healthy cows stay above the 5.8 SARA threshold most of the day).
 * </ul>
 *
 * <p>The physiology and the sensor faults draw from separate random streams, and every draw is made
 * whether or not a condition is active, so adding an episode changes only the readings it covers.
 * Lost readings (a radio's lost packets) draw from a third, so a herd with losses sends the same
 * readings as one without, less the lost ones.
 */
final class AnimalPhysiology {

    private static final double DAY_SECONDS = 86_400;
    private static final DailyProfile ACTIVITY =
            DailyProfile.of(
                    0.35, 0.3, 0.3, 0.3, 0.5, 1.6, 1.9, 1.6, 1.3, 1.1, 1.0, 1.0, 1.1, 1.0, 1.0, 1.3,
                    1.8, 1.9, 1.5, 1.2, 1.0, 0.8, 0.6, 0.45);
    private static final DailyProfile RUMINATION =
            DailyProfile.of(
                    1.4, 1.5, 1.5, 1.4, 1.2, 0.6, 0.5, 0.6, 0.8, 1.0, 1.1, 1.0, 0.9, 1.0, 1.1, 0.9,
                    0.6, 0.5, 0.7, 0.9, 1.1, 1.3, 1.4, 1.4);
    private static final DailyProfile DRINKING =
            DailyProfile.of(
                    0.3, 0.2, 0.2, 0.2, 0.4, 1.2, 1.6, 1.4, 1.2, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.2,
                    1.6, 1.6, 1.4, 1.2, 1.0, 0.8, 0.5, 0.4);
    private static final double[] FEEDING_HOURS = {6.5, 17.5};

    private record Bout(long epochSecond, double litres, double dropC, double recoverySeconds) {}

    /**
     * A milk-fever cow drinks this often while ill, whatever her days hold besides: twice or more
     * during her 6-hour fall.
     */
    private static final long ILL_DRINK_SECONDS = 180 * 60;

    /** The share of drinks that are small (1–5 L). */
    private static final double SMALL_DRINKS = 0.3;

    /** The share of drinks followed by another within 10–25 minutes. */
    private static final double DRINKS_AGAIN = 0.2;

    private final Animal animal;
    private final long animalKey;
    private final long intervalSeconds;
    private final double intervalMinutes;
    private final SplittableRandom body;
    private final SplittableRandom faults;
    private final SplittableRandom losses;
    private final double lossShare;
    private final double tempOffset;
    private final double activityLevel;
    private final double phBase;
    private final double phDip;
    private final List<Bout> bouts = new ArrayList<>();
    private long day = Long.MIN_VALUE;
    private double ruminationToday;
    private Reading lastGood;

    AnimalPhysiology(Animal animal, Duration interval, long seed, double lossShare) {
        this.animal = animal;
        this.animalKey = StableHash.of(animal.farmId() + "/" + animal.animalId());
        this.intervalSeconds = interval.toSeconds();
        this.intervalMinutes = intervalSeconds / 60.0;
        this.body =
                new SplittableRandom(StableHash.mix(seed ^ StableHash.mix(animal.index() + 1L)));
        this.faults = body.split();
        this.losses =
                new SplittableRandom(StableHash.mix(seed ^ StableHash.mix(-animal.index() - 1L)));
        this.lossShare = lossShare;
        this.tempOffset = body.nextDouble(-0.08, 0.08);
        this.activityLevel = body.nextDouble(8, 14);
        this.phBase = body.nextDouble(6.30, 6.40);
        this.phDip = body.nextDouble(0.15, 0.25);
    }

    /**
     * Adds the readings the bolus sends at {@code time} (none, one, or one sent twice), and tells
     * {@code body} her temperature without drinks for each.
     */
    void readingsAt(
            Instant time, Collection<Episode> active, Collection<Reading> out, BodyListener body) {
        long second = time.getEpochSecond();
        startDayIfNew(Math.floorDiv(second, (long) DAY_SECONDS));
        double hour = Math.floorMod(second, (long) DAY_SECONDS) / 3600.0;

        for (Episode episode : active) {
            if (episode.condition() == Condition.HYPOTHERMIA) {
                drinkWhileIll(episode, second);
            }
        }
        double normal = animal.normalC() + tempOffset;
        double temp =
                normal
                        + 0.15 * Math.cos(2 * Math.PI * (hour - 17) / 24)
                        + noise(0.02)
                        - drinkingDrop(second);
        double activity =
                activityLevel * intervalMinutes / 10 * ACTIVITY.at(hour) * Math.exp(noise(0.25));
        double rumination =
                intervalMinutes * ruminationToday / 1440 * RUMINATION.at(hour) * (1 + noise(0.08));
        double trickle = faults.nextDouble(0.1, 3.0);
        double water =
                waterSince(second - intervalSeconds, second)
                        + (animal.waterEveryReading() ? trickle : 0);
        double phNoise = noise(0.015);
        double ph = phBase - feedingDip(second) + phNoise;
        double spike =
                faults.nextDouble() < 0.5
                        ? faults.nextDouble(45.5, 65)
                        : faults.nextDouble(0, 19.5);
        boolean spikeNow = faults.nextDouble() < 0.25;
        boolean resend = faults.nextDouble() < 0.5;

        boolean silent = false;
        boolean stuck = false;
        boolean spikes = false;
        boolean duplicates = false;
        for (Episode episode : active) {
            switch (episode.condition()) {
                case FEVER ->
                        temp += (episode.magnitude() - normal) * ramp(episode, time, 240, 360);
                case HYPOTHERMIA ->
                        temp += (episode.magnitude() - normal) * ramp(episode, time, 360, 120);
                case ESTRUS ->
                        activity *= 1 + (episode.magnitude() - 1) * ramp(episode, time, 60, 60);
                case LOW_RUMINATION ->
                        rumination *= 1 - (1 - episode.magnitude()) * ramp(episode, time, 360, 360);
                case SARA ->
                        ph += (episode.magnitude() + phNoise - ph) * ramp(episode, time, 30, 30);
                case SILENT -> silent = true;
                case STUCK -> stuck = true;
                case SPIKES -> spikes = true;
                case DUPLICATES -> duplicates = true;
            }
        }
        boolean lost = losses.nextDouble() < lossShare;
        if (silent || lost) {
            return;
        }
        Reading reading;
        if (stuck && lastGood != null) {
            reading = withTime(lastGood, time, second);
        } else {
            reading =
                    new Reading(
                            Reading.SCHEMA_VERSION,
                            StableHash.readingId(animalKey, second),
                            animal.farmId(),
                            animal.animalId(),
                            animal.sensorId(),
                            time,
                            round(spikes && spikeNow ? spike : temp, 100),
                            round(Math.max(0, activity), 10),
                            round(Math.min(intervalMinutes, Math.max(0, rumination)), 10),
                            round(water, 10),
                            animal.hasPh() ? round(ph, 100) : null);
            if (!(spikes && spikeNow)) {
                lastGood = reading;
            }
        }
        double withoutDrinks = temp + drinkingDrop(second);
        out.add(reading);
        body.sent(reading, withoutDrinks);
        if (duplicates && resend) {
            out.add(reading);
            body.sent(reading, withoutDrinks);
        }
    }

    /**
     * How far into an episode's effect a time is: 0 at its start, rising linearly to 1 over {@code
     * riseMinutes}, back to 0 over the last {@code fallMinutes}. Ramps shrink for short episodes,
     * so each takes at most a quarter of it.
     */
    private static double ramp(
            Episode episode, Instant time, double riseMinutes, double fallMinutes) {
        double length = Duration.between(episode.from(), episode.to()).toSeconds();
        double rise = Math.min(riseMinutes * 60, length / 4);
        double fall = Math.min(fallMinutes * 60, length / 4);
        double sinceStart = Duration.between(episode.from(), time).toSeconds();
        double untilEnd = Duration.between(time, episode.to()).toSeconds();
        return Math.min(1, Math.min(sinceStart / rise, untilEnd / fall));
    }

    private void startDayIfNew(long today) {
        if (today == day) {
            return;
        }
        day = today;
        ruminationToday = body.nextDouble(470, 530);
        long dayStart = today * (long) DAY_SECONDS;
        // Yesterday's late bouts still matter (drops recover over up to 2 h); older ones do not.
        bouts.removeIf(bout -> bout.epochSecond() < dayStart - DAY_SECONDS);
        long spacing = Math.max(intervalSeconds, 30 * 60);
        int count = body.nextInt(7, 12);
        List<Long> times = new ArrayList<>();
        while (times.size() < count) {
            long candidate = dayStart + drawDrinkingSecond();
            boolean apart =
                    times.stream().allMatch(other -> Math.abs(other - candidate) >= spacing)
                            && bouts.stream()
                                    .allMatch(
                                            b -> Math.abs(b.epochSecond() - candidate) >= spacing);
            if (apart) {
                times.add(candidate);
            }
        }
        times.sort(Long::compare);
        for (long second : times) {
            addBout(
                    second,
                    body.nextDouble() < SMALL_DRINKS
                            ? body.nextDouble(1, 5)
                            : body.nextDouble(6, 18));
            // Now and then she drinks again before her rumen has re-warmed.
            long again = second + Math.max(intervalSeconds, body.nextLong(10 * 60, 25 * 60));
            boolean drinksAgain = body.nextDouble() < DRINKS_AGAIN;
            double litresAgain = body.nextDouble(1, 12);
            if (drinksAgain
                    && bouts.stream()
                            .allMatch(b -> Math.abs(b.epochSecond() - again) >= intervalSeconds)
                    && times.stream().allMatch(t -> Math.abs(t - again) >= intervalSeconds)) {
                addBout(again, litresAgain);
            }
        }
        bouts.sort(java.util.Comparator.comparingLong(Bout::epochSecond));
    }

    /**
     * A drink: the more water, the deeper the drop (Bewley et al. 2008); small drinks of 1–5 L cool
     * the rumen by 0.4–2 °C, larger ones of 6–18 L by 2–8 °C. Recovery takes 60–120 min.
     */
    private void addBout(long second, double litres) {
        double drop = litres < 6 ? 0.4 * litres : 2 + 6 * (litres - 6) / 12;
        bouts.add(new Bout(second, litres, drop, body.nextDouble(60, 120) * 60));
    }

    /**
     * A milk-fever cow's drinks (8 L, in the middle of each {@value #ILL_DRINK_SECONDS} s), so the
     * rules must tell her drinks from her disease; only drinks that have re-warmed by the episode's
     * end, so the episode changes only its own readings.
     */
    private void drinkWhileIll(Episode episode, long second) {
        long from = episode.from().getEpochSecond();
        long drinkAt =
                from
                        + Math.floorDiv(second - from, ILL_DRINK_SECONDS) * ILL_DRINK_SECONDS
                        + ILL_DRINK_SECONDS / 2;
        long recovery = 90 * 60;
        boolean known =
                bouts.stream().anyMatch(b -> Math.abs(b.epochSecond() - drinkAt) < intervalSeconds);
        if (drinkAt <= second && drinkAt + recovery <= episode.to().getEpochSecond() && !known) {
            bouts.add(new Bout(drinkAt, 8, 2 + 6 * (8 - 6) / 12.0, recovery));
        }
    }

    /** A second of the day, drawn by the hourly drinking weights. */
    private long drawDrinkingSecond() {
        double total = 24;
        double pick = body.nextDouble(total);
        int hour = 0;
        while (hour < 23 && pick >= DRINKING.weight(hour)) {
            pick -= DRINKING.weight(hour);
            hour++;
        }
        return hour * 3600L + body.nextLong(3600);
    }

    /** The cooling of all recent drinks at a time: full at the drink, quadratic back to none. */
    private double drinkingDrop(long second) {
        double drop = 0;
        for (Bout bout : bouts) {
            double since = second - bout.epochSecond();
            if (since >= 0 && since < bout.recoverySeconds()) {
                double left = 1 - since / bout.recoverySeconds();
                drop += bout.dropC() * left * left;
            }
        }
        return drop;
    }

    /** Litres drunk in {@code (from, to]}. */
    private double waterSince(long from, long to) {
        double litres = 0;
        for (Bout bout : bouts) {
            if (bout.epochSecond() > from && bout.epochSecond() <= to) {
                litres += bout.litres();
            }
        }
        return litres;
    }

    /** The post-feeding pH dip: down over 2 h, back over 4 h, for today's and yesterday's meals. */
    private double feedingDip(long second) {
        double dip = 0;
        long dayStart = Math.floorDiv(second, (long) DAY_SECONDS) * (long) DAY_SECONDS;
        for (double feedingHour : FEEDING_HOURS) {
            double minutes = (second - dayStart - feedingHour * 3600) / 60;
            // Yesterday's evening meal still counts in the small hours.
            dip += dipAfter(minutes < 0 ? minutes + 1440 : minutes);
        }
        return dip;
    }

    private double dipAfter(double minutes) {
        if (minutes < 120) {
            return phDip * minutes / 120;
        }
        return minutes < 360 ? phDip * (360 - minutes) / 240 : 0;
    }

    /** Gaussian noise cut at three standard deviations, so ranges hold for any run length. */
    private double noise(double sd) {
        return Math.max(-3, Math.min(3, body.nextGaussian())) * sd;
    }

    private static double round(double value, double scale) {
        return Math.round(value * scale) / scale;
    }

    private Reading withTime(Reading frozen, Instant time, long second) {
        return new Reading(
                frozen.schemaVersion(),
                StableHash.readingId(animalKey, second),
                frozen.farmId(),
                frozen.animalId(),
                frozen.sensorId(),
                time,
                frozen.rumenTempC(),
                frozen.activity(),
                frozen.ruminationMin(),
                frozen.waterIntakeL(),
                frozen.rumenPh());
    }
}
