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

/**
 * When a FEVER or HYPOTHERMIA cow's temperature first reached its threshold to stay there: the
 * first reading at or past it (≥ 39.7 °C, ≤ 37.5 °C) after which every reading of the condition's
 * plateau is past it too, save drinks — a reading reporting water and those after it, until back
 * past the threshold, within the two hours a rumen takes to re-warm. Found from the readings alone,
 * as the scorer's own reading of "stays there".
 */
public final class Crossings {
    private static final double FEVER_C = 39.7;
    private static final double HYPOTHERMIA_C = 37.5;
    private static final Duration REWARMING = Duration.ofHours(2);

    private final Set<String> animals;
    private final Map<String, List<Reading>> readings = new HashMap<>();

    /** Records the readings of these animals (those with a temperature condition). */
    public Crossings(Set<String> animals) {
        this.animals = animals;
    }

    public void record(Reading reading) {
        if (animals.contains(reading.animalId())) {
            readings.computeIfAbsent(reading.animalId(), a -> new ArrayList<>()).add(reading);
        }
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

    private Instant crossing(Episode episode) {
        boolean fever = episode.expected() == AlertKind.FEVER;
        // The plateau ends where the recovery ramp starts: 6 h before the end of a fever, 2 h
        // before that of a hypothermia (the simulator's ramps).
        Instant plateauEnd = episode.to().minus(Duration.ofHours(fever ? 6 : 2));
        List<Reading> inside =
                readings.getOrDefault(episode.animalId(), List.of()).stream()
                        .filter(r -> !r.timestamp().isBefore(episode.from()))
                        .filter(r -> r.timestamp().isBefore(plateauEnd))
                        .toList();
        Instant candidate = null;
        Instant drinkUntil = Instant.MIN;
        for (Reading r : inside) {
            boolean past = fever ? r.rumenTempC() >= FEVER_C : r.rumenTempC() <= HYPOTHERMIA_C;
            if (r.waterIntakeL() != null && r.waterIntakeL() > 0 && !past) {
                drinkUntil = r.timestamp().plus(REWARMING);
            }
            if (past) {
                drinkUntil = Instant.MIN;
                candidate = candidate == null ? r.timestamp() : candidate;
            } else if (r.timestamp().isAfter(drinkUntil)) {
                candidate = null;
            }
        }
        return candidate;
    }
}
