package io.herdpulse.producer.simulate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The simulated farms and their animals. Cows differ as herds do: on each farm cow number 4, 14,
 * 24… has a low normal rumen temperature ({@value #LOW_NORMAL_C} °C), number 8, 18, 28… a high one
 * ({@value #HIGH_NORMAL_C} °C), the rest {@value #NORMAL_C} °C; the bolus of number 6, 26, 46…
 * reports a little water on every reading.
 */
public final class Herd {
    public static final double NORMAL_C = 39.0;
    public static final double LOW_NORMAL_C = 38.2;
    public static final double HIGH_NORMAL_C = 39.4;

    private final List<Animal> animals;
    private final Map<String, Animal> byId = new LinkedHashMap<>();

    private Herd(List<Animal> animals) {
        this.animals = List.copyOf(animals);
        animals.forEach(animal -> byId.put(animal.animalId(), animal));
    }

    /**
     * @param phShare the share of each farm's animals with a pH bolus (pH boluses are the costlier
     *     kind, given to a sample of the herd)
     * @param alsoWithPh animals that get a pH bolus whatever the share (those with a SARA episode)
     */
    public static Herd of(
            int farms,
            int animalsPerFarm,
            Duration interval,
            double phShare,
            Set<String> alsoWithPh) {
        int farmDigits = Math.max(2, digits(farms));
        int animalDigits = Math.max(3, digits(animalsPerFarm));
        long intervalSeconds = interval.toSeconds();
        List<Animal> animals = new ArrayList<>(farms * animalsPerFarm);
        for (int farm = 1; farm <= farms; farm++) {
            String farmId = String.format(Locale.ROOT, "farm-%0" + farmDigits + "d", farm);
            for (int number = 1; number <= animalsPerFarm; number++) {
                String animalId =
                        String.format(
                                Locale.ROOT, "%s-cow-%0" + animalDigits + "d", farmId, number);
                long hash = StableHash.of(animalId);
                String sensorId = String.format(Locale.ROOT, "bolus-%08x", (int) (hash >>> 32));
                long phase = Math.floorMod(hash, intervalSeconds);
                boolean hasPh =
                        number <= Math.round(phShare * animalsPerFarm)
                                || alsoWithPh.contains(animalId);
                double normalC =
                        switch (number % 10) {
                            case 4 -> LOW_NORMAL_C;
                            case 8 -> HIGH_NORMAL_C;
                            default -> NORMAL_C;
                        };
                animals.add(
                        new Animal(
                                animals.size(),
                                farmId,
                                animalId,
                                sensorId,
                                phase,
                                hasPh,
                                normalC,
                                number % 20 == 6));
            }
        }
        return new Herd(animals);
    }

    public List<Animal> animals() {
        return animals;
    }

    /** The animals in the order their boluses report within an interval. */
    public List<Animal> inReportingOrder() {
        return animals.stream()
                .sorted(Comparator.comparingLong(Animal::phaseSeconds).thenComparing(Animal::index))
                .toList();
    }

    public boolean contains(String animalId) {
        return byId.containsKey(animalId);
    }

    public int size() {
        return animals.size();
    }

    /** The first and last animal id, to tell a user which ids exist. */
    public String idRange() {
        return animals.get(0).animalId() + " .. " + animals.get(animals.size() - 1).animalId();
    }

    private static int digits(int n) {
        return Integer.toString(n).length();
    }
}
