package io.herdpulse.bench.data;

import io.herdpulse.producer.simulate.HerdSimulator;
import io.herdpulse.producer.simulate.SimulationSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Herds of the producer's simulator for the benchmark: healthy (no random conditions, so every
 * reading is valid and the counts are known), a fixed seed, farms of at most the simulator's
 * largest size.
 */
public final class Herds {
    static final long SEED = 12;
    private static final double PH_SHARE = 0.2;

    private Herds() {}

    /**
     * Farms the animals are spread over: as few as the simulator's farm size allows, at least 1.
     */
    public static int farms(int animals) {
        return Math.max(
                1,
                (animals + SimulationSettings.MAX_ANIMALS_PER_FARM - 1)
                        / SimulationSettings.MAX_ANIMALS_PER_FARM);
    }

    /**
     * A simulator of {@code animals} animals (in {@link #farms} farms of equal size) reporting
     * every {@code interval} from {@code start}, one reading per animal and interval.
     */
    public static HerdSimulator simulator(int animals, Duration interval, Instant start) {
        int farms = farms(animals);
        if (animals % farms != 0) {
            throw new IllegalArgumentException(
                    animals + " animals do not split into " + farms + " farms of equal size");
        }
        return SimulationSettings.resolve(
                        new SimulationSettings.Options(
                                farms,
                                animals / farms,
                                interval,
                                start,
                                null,
                                0,
                                0,
                                0,
                                SEED,
                                PH_SHARE,
                                0,
                                0,
                                List.of(),
                                null),
                        IllegalArgumentException::new)
                .simulator((animal, episode) -> {});
    }
}
