package io.herdpulse.alerts.scoring;

import io.herdpulse.alerts.scoring.GroundTruth.Episode;
import io.herdpulse.model.AlertKind;
import io.herdpulse.model.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * When a FEVER or HYPOTHERMIA cow's temperature first reached its threshold to stay there: the
 * first reading at or past it (≥ 39.7 °C, ≤ 37.5 °C) after which every reading of the condition's
 * plateau is past it too, save drinks. Found from the readings alone, as the scorer's own reading
 * of "stays there".
 *
 * <p>A drink only cools the rumen: a reading it cooled shows her at least that warm, and nothing of
 * how much warmer. So a drink (a reading reporting water and at least {@link #DRINK_FALL_C} colder
 * than where the rumen was heading) and its re-warming (each reading rising on the one before,
 * within two hours) are past a FEVER threshold only when they read past it, and otherwise neither
 * cross it nor break a run past it; under a HYPOTHERMIA threshold they can be neither the crossing
 * nor break a run (a cow at 38.5 °C reads 35 °C after cold water), while above it they break it,
 * her own temperature being higher still. A bolus that reports a trickle of water on every reading
 * thus excuses no dip that fell less than a drink.
 */
public final class Crossings {
    private static final double FEVER_C = 39.7;
    private static final double HYPOTHERMIA_C = 37.5;
    private static final Duration REWARMING = Duration.ofHours(2);
    private static final Duration INTERVAL = SimulatedRun.INTERVAL;

    /**
     * A reading reporting water this much colder than the one before is a drink: far above the
     * sensor's noise (0.02 °C) and a milk fever's fall (under 0.1 °C a reading), and below the 0.4
     * °C the smallest drink cools the rumen by; a bolus that reports a trickle of water on every
     * reading thus shows no drink where there was none.
     */
    private static final double DRINK_FALL_C = 0.2;

    private final Set<String> animals;
    private final Map<String, List<Reading>> readings = new HashMap<>();
    private final Map<String, List<Own>> own = new HashMap<>();

    /** A reading's time and a temperature then: the rumen's, or hers without drinks. */
    private record Own(Instant at, double temperatureC) {}

    /** Records the readings of these animals (those with a temperature condition). */
    public Crossings(Set<String> animals) {
        this.animals = animals;
    }

    public void record(Reading reading) {
        if (animals.contains(reading.animalId())) {
            readings.computeIfAbsent(reading.animalId(), a -> new ArrayList<>()).add(reading);
        }
    }

    /** Records her temperature without drinks at a reading of these animals. */
    public void own(Reading reading, double withoutDrinksC) {
        if (animals.contains(reading.animalId())) {
            own.computeIfAbsent(reading.animalId(), a -> new ArrayList<>())
                    .add(new Own(reading.timestamp(), withoutDrinksC));
        }
    }

    /**
     * Each HYPOTHERMIA episode's first reading at which her own temperature (without drinks, as the
     * simulator knows it and no rule can see it) is at or below 37.5 °C and stays there for the
     * rest of the plateau: "the temperature first stays at or below 37.5 °C" read as the cow's, not
     * the rumen's after cold water.
     */
    public Map<Episode, Instant> ownTemperature(List<Episode> truth) {
        return staysAtOrBelow(
                truth,
                episode -> {
                    Instant plateauEnd = plateauEnd(episode);
                    return own.getOrDefault(episode.animalId(), List.of()).stream()
                            .filter(o -> !o.at().isBefore(episode.from()))
                            .filter(o -> o.at().isBefore(plateauEnd))
                            .toList();
                });
    }

    /** Each FEVER or HYPOTHERMIA episode's crossing; an episode without one is left out. */
    public Map<Episode, Instant> of(List<Episode> truth) {
        Map<Episode, Instant> crossings = new HashMap<>();
        for (Episode episode : truth) {
            if (episode.expected() == AlertKind.FEVER
                    || episode.expected() == AlertKind.HYPOTHERMIA) {
                Instant at = crossing(episode);
                if (at != null) {
                    crossings.put(episode, at);
                }
            }
        }
        return crossings;
    }

    /**
     * Each HYPOTHERMIA episode's first reading at or below 37.5 °C after which none of its plateau
     * is above, drinks and their re-warming included: the words read literally. A drink
     * taken while her own temperature is still above the threshold can be that reading (her
     * re-warming meets her fall below it), so this measures the drinks as much as the rules.
     */
    public Map<Episode, Instant> anyReading(List<Episode> truth) {
        return staysAtOrBelow(
                truth,
                episode ->
                        plateau(episode).stream()
                                .map(r -> new Own(r.timestamp(), r.rumenTempC()))
                                .toList());
    }

    /**
     * How many of the episode's readings from {@code from} to {@code to}, both included, are at or
     * past its threshold (0 when the alert came first).
     */
    public int readingsPast(Episode episode, Instant from, Instant to) {
        boolean fever = episode.expected() == AlertKind.FEVER;
        return (int)
                readings.getOrDefault(episode.animalId(), List.of()).stream()
                        .filter(r -> !r.timestamp().isBefore(from) && !r.timestamp().isAfter(to))
                        .filter(
                                r ->
                                        fever
                                                ? r.rumenTempC() >= FEVER_C
                                                : r.rumenTempC() <= HYPOTHERMIA_C)
                        .count();
    }

    /**
     * Per HYPOTHERMIA episode, the first of its temperatures at or below 37.5 °C after which none
     * is above; an episode without one is left out.
     */
    private static Map<Episode, Instant> staysAtOrBelow(
            List<Episode> truth, Function<Episode, List<Own>> temperatures) {
        Map<Episode, Instant> crossings = new HashMap<>();
        for (Episode episode : truth) {
            if (episode.expected() == AlertKind.HYPOTHERMIA) {
                Instant candidate = null;
                for (Own o : temperatures.apply(episode)) {
                    if (o.temperatureC() > HYPOTHERMIA_C) {
                        candidate = null;
                    } else if (candidate == null) {
                        candidate = o.at();
                    }
                }
                if (candidate != null) {
                    crossings.put(episode, candidate);
                }
            }
        }
        return crossings;
    }

    private Instant crossing(Episode episode) {
        // The readings of the re-warming time before the episode tell whether its first ones
        // are a drink or a re-warming.
        List<Reading> inside =
                new ArrayList<>(
                        readings.getOrDefault(episode.animalId(), List.of()).stream()
                                .filter(r -> r.timestamp().isBefore(episode.from()))
                                .filter(
                                        r ->
                                                !r.timestamp()
                                                        .isBefore(episode.from().minus(REWARMING)))
                                .toList());
        int lead = inside.size();
        inside.addAll(plateau(episode));
        return crossing(inside, lead, episode.expected() == AlertKind.FEVER);
    }

    /**
     * The episode's readings up to where the recovery ramp starts: 6 h before the end of a fever, 2
     * h before that of a hypothermia (the simulator's ramps).
     */
    private List<Reading> plateau(Episode episode) {
        Instant plateauEnd = plateauEnd(episode);
        return readings.getOrDefault(episode.animalId(), List.of()).stream()
                .filter(r -> !r.timestamp().isBefore(episode.from()))
                .filter(r -> r.timestamp().isBefore(plateauEnd))
                .toList();
    }

    private static Instant plateauEnd(Episode episode) {
        boolean fever = episode.expected() == AlertKind.FEVER;
        return episode.to().minus(Duration.ofHours(fever ? 6 : 2));
    }

    /**
     * The crossing among {@code readings}, the first {@code lead} of them before the episode (they
     * tell whether the first ones inside are a drink or its re-warming): the first reading past the
     * threshold after which every reading is past it too, save those a drink cooled. A drink only
     * cools the rumen, so such a reading shows her at least that warm: at or above the FEVER
     * threshold it is past it (and may be the crossing), above the HYPOTHERMIA threshold it breaks
     * the run; otherwise it shows nothing, neither the crossing nor a break. A drink while she
     * re-warms may only stop the rise: it is measured from where the re-warming was heading (the
     * previous reading plus its rise). A re-warming that stops rising is her own temperature again.
     * A reading after lost ones is a drink if it fell as fast, per interval, as a drinking reading
     * falls: the water went with the reading that reported it. So is one reporting water that does
     * not rise straight after a drink: a rumen cooled by water warms at once, faster than any
     * disease cools it.
     */
    private static Instant crossing(List<Reading> readings, int lead, boolean fever) {
        Instant candidate = null;
        Instant drinkUntil = Instant.MIN;
        boolean cooledByDrink = false;
        double previous = Double.NaN;
        double rise = 0;
        Instant previousAt = null;
        for (int i = 0; i < readings.size(); i++) {
            Reading r = readings.get(i);
            double t = r.rumenTempC();
            double heading = previous + (cooledByDrink ? Math.max(0, rise) : 0);
            double intervals = intervalsSince(previousAt, r.timestamp());
            previousAt = r.timestamp();
            boolean justDrank = cooledByDrink && rise < 0;
            if ((drankWater(r) || intervals > 1) && (heading - t) / intervals >= DRINK_FALL_C
                    || justDrank && drankWater(r) && t <= previous) {
                drinkUntil = r.timestamp().plus(REWARMING);
                cooledByDrink = true;
            } else {
                cooledByDrink = cooledByDrink && t > previous && r.timestamp().isBefore(drinkUntil);
            }
            rise = t - previous;
            previous = t;
            if (i < lead) {
                continue;
            }
            boolean past = fever ? t >= FEVER_C : t <= HYPOTHERMIA_C;
            boolean showsHerSide = !cooledByDrink || past == fever;
            if (!showsHerSide) {
                continue;
            }
            if (!past) {
                candidate = null;
            } else if (candidate == null) {
                candidate = r.timestamp();
            }
        }
        return candidate;
    }

    /**
     * Sensor intervals from the previous reading, at least one. More than one: readings were lost
     * in between, and with them the water they reported, so a fall that fast is a drink.
     */
    private static double intervalsSince(Instant previous, Instant at) {
        if (previous == null) {
            return 1;
        }
        return Math.max(
                1.0, (double) Duration.between(previous, at).toMillis() / INTERVAL.toMillis());
    }

    private static boolean drankWater(Reading r) {
        return r.waterIntakeL() != null && r.waterIntakeL() > 0;
    }
}
