package io.herdpulse.job.stats;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

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

    /** The farm's row: its animals' totals, summed in the order of their ids. */
    public FarmStats row(String farmId, Instant start, Instant end, double feverThresholdC) {
        int readings = 0;
        double tempSum = 0;
        int withFever = 0;
        // Floating-point addition depends on its order, and a map's order on its history, which
        // a restore does not reproduce: the ids' order makes the average the same in every run.
        for (AnimalTotals totals : new TreeMap<>(latestByAnimal).values()) {
            readings += totals.readings();
            tempSum += totals.tempSum();
            if (totals.tempMax() >= feverThresholdC) {
                withFever++;
            }
        }
        return new FarmStats(
                farmId, start, end, latestByAnimal.size(), readings, tempSum / readings, withFever);
    }
}
