package io.herdpulse.producer.simulate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The episodes of one animal: those a scenario gives it, or, for an animal no scenario names,
 * random ones at the herd's incidence, drawn one after another for as long as the run lasts.
 */
final class AnimalSchedule {
    private static final double SECONDS_PER_DAY = 86_400;

    private final Animal animal;
    private final Deque<Episode> upcoming;
    private final List<Episode> active = new ArrayList<>();
    private final double incidencePerDay;
    private final SplittableRandom random;
    private final List<Condition> possible;
    private final EpisodeListener listener;

    /**
     * @param scenario the animal's episodes from options or a file; when there are any, no random
     *     ones are added
     * @param incidencePerDay expected random episodes per animal and day
     */
    AnimalSchedule(
            Animal animal,
            List<Episode> scenario,
            double incidencePerDay,
            Instant start,
            long seed,
            EpisodeListener listener) {
        this.animal = animal;
        this.listener = listener;
        this.upcoming =
                new ArrayDeque<>(
                        scenario.stream().sorted(Comparator.comparing(Episode::from)).toList());
        this.incidencePerDay = scenario.isEmpty() ? incidencePerDay : 0;
        this.random =
                new SplittableRandom(
                        StableHash.mix(seed ^ 0x5ce7a110L ^ StableHash.mix(animal.index())));
        this.possible =
                List.of(Condition.values()).stream()
                        .filter(condition -> animal.hasPh() || !condition.needsPh())
                        .toList();
        if (this.incidencePerDay > 0) {
            upcoming.add(drawEpisodeAfter(start));
        }
    }

    /** The episodes that shape the reading at {@code time}; times must not go backwards. */
    List<Episode> activeAt(Instant time) {
        active.removeIf(episode -> !episode.to().isAfter(time));
        while (!upcoming.isEmpty() && !upcoming.peekFirst().from().isAfter(time)) {
            Episode episode = upcoming.removeFirst();
            if (incidencePerDay > 0) {
                upcoming.addLast(drawEpisodeAfter(episode.to()));
            }
            if (episode.isActiveAt(time)) {
                active.add(episode);
                listener.started(animal, episode);
            }
        }
        return active;
    }

    /** The next random episode: starts after an exponential gap, so incidence is a Poisson rate. */
    private Episode drawEpisodeAfter(Instant after) {
        double gapDays = -Math.log(1 - random.nextDouble()) / incidencePerDay;
        Instant from = after.plusSeconds((long) (gapDays * SECONDS_PER_DAY));
        Condition condition = possible.get(random.nextInt(possible.size()));
        Duration length = condition.drawLength(random);
        return new Episode(
                animal.animalId(),
                condition,
                from,
                from.plus(length),
                condition.drawMagnitude(random));
    }
}
