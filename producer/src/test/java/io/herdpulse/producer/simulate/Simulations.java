package io.herdpulse.producer.simulate;

import io.herdpulse.model.Reading;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Runs the simulator without Kafka, for the physiology and scenario tests. */
final class Simulations {
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private Simulations() {}

    static SimulationSettings.Options healthy(int animals, Duration duration, long seed) {
        return options(animals, duration, seed, 0.2, 0, List.of(), null);
    }

    static SimulationSettings.Options options(
            int animals,
            Duration duration,
            long seed,
            double phShare,
            double incidence,
            List<String> injections,
            Path scenario) {
        return new SimulationSettings.Options(
                1,
                animals,
                Duration.ofMinutes(10),
                START,
                duration,
                0,
                0,
                0,
                seed,
                phShare,
                incidence,
                0,
                injections,
                scenario);
    }

    static SimulationSettings settings(SimulationSettings.Options options) {
        return SimulationSettings.resolve(options, IllegalArgumentException::new);
    }

    static List<Reading> run(SimulationSettings.Options options) {
        return run(options, (animal, episode) -> {});
    }

    static List<Reading> run(SimulationSettings.Options options, EpisodeListener listener) {
        HerdSimulator simulator = settings(options).simulator(listener);
        List<Reading> readings = new ArrayList<>();
        simulator.forEachRemaining(readings::add);
        return readings;
    }
}
