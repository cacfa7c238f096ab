package io.herdpulse.job.stats;

import java.util.HashMap;
import java.util.Map;

/**
 * The accumulator of a farm's window: the latest totals of each of its animals. An animal's window
 * fires again when a late reading updates it; its new totals replace the old ones, so nothing is
 * counted twice.
 */
public record FarmAnimals(Map<String, AnimalTotals> latestByAnimal) {

    public static FarmAnimals empty() {
        return new FarmAnimals(Map.of());
    }

    public FarmAnimals with(AnimalStats stats) {
        Map<String, AnimalTotals> copy = new HashMap<>(latestByAnimal);
        copy.put(stats.animalId(), stats.totals());
        return new FarmAnimals(copy);
    }

    public FarmAnimals merge(FarmAnimals other) {
        Map<String, AnimalTotals> copy = new HashMap<>(latestByAnimal);
        copy.putAll(other.latestByAnimal);
        return new FarmAnimals(copy);
    }
}
