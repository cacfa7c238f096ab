package io.herdpulse.producer.poll;

import io.herdpulse.model.Reading;
import io.herdpulse.producer.simulate.HerdSimulator;
import io.herdpulse.producer.simulate.SimulationSettings;
import io.herdpulse.producer.vendor.FakeVendorApi;
import io.herdpulse.stack.process.Ports;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A small finite herd behind the fake vendor API, and its readings straight from the simulator. */
final class Herds {
    static final int FARMS = 2;
    static final int ANIMALS = 4;
    static final Duration INTERVAL = Duration.ofMinutes(10);
    static final Duration LENGTH = Duration.ofHours(6);

    /** Every animal reports once an interval, and no condition drops or repeats a reading. */
    static final int READINGS = FARMS * ANIMALS * (int) (LENGTH.toMinutes() / INTERVAL.toMinutes());

    private Herds() {}

    static SimulationSettings herd(long seed) {
        return SimulationSettings.resolve(
                new SimulationSettings.Options(
                        FARMS,
                        ANIMALS,
                        INTERVAL,
                        Instant.parse("2026-01-01T00:00:00Z"),
                        LENGTH,
                        0,
                        0,
                        0,
                        seed,
                        0.25,
                        0,
                        0,
                        List.of(),
                        null),
                IllegalArgumentException::new);
    }

    /** The reading ids the simulator itself produces, sorted. */
    static List<String> expectedIds(long seed) {
        HerdSimulator simulator = herd(seed).simulator((animal, episode) -> {});
        List<String> ids = new ArrayList<>();
        while (simulator.hasNext()) {
            Reading reading = simulator.next();
            ids.add(reading.readingId());
        }
        return ids.stream().sorted().toList();
    }

    static FakeVendorApi api(long seed, Duration pageDelay) {
        return new FakeVendorApi(
                herd(seed), "127.0.0.1", Ports.freePort(), 1000, pageDelay, Clock.systemUTC());
    }

    static String url(FakeVendorApi api) {
        return "http://127.0.0.1:" + api.port() + "/v1/readings";
    }
}
