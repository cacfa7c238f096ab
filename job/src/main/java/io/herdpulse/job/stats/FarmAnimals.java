package io.herdpulse.job.stats;

import java.util.HashMap;
import java.util.Map;

/**
 * The accumulator of a farm's window: the latest totals of each of its animals. An animal's window
 * fires again when a late reading updates it; its new totals replace the old ones, so nothing is
 * counted twice.
 *
 * <p>Updated in place, as an {@code AggregateFunction} may: copying the map for every animal made a
 * farm's window quadratic in its animals. Flink's heap state copies an accumulator before it
 * changes while a checkpoint still needs the old one, so in-place updates are safe.
 */
public record FarmAnimals(Map<String, AnimalTotals> latestByAnimal) {

    public static FarmAnimals empty() {
        return new FarmAnimals(new HashMap<>());
    }

    public FarmAnimals with(AnimalStats stats) {
        latestByAnimal.put(stats.animalId(), stats.totals());
        return this;
    }

    public FarmAnimals merge(FarmAnimals other) {
        latestByAnimal.putAll(other.latestByAnimal);
        return this;
    }
}
