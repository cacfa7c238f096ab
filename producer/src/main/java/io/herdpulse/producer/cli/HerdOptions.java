package io.herdpulse.producer.cli;

import io.herdpulse.producer.simulate.SimulationSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The simulated herd, as {@code simulate} sends it and {@code fake-api} serves it. */
public final class HerdOptions {
    @Option(
            names = "--farms",
            defaultValue = "1",
            description = "Number of farms, 1 to 999 (default: ${DEFAULT-VALUE}).")
    int farms;

    @Option(
            names = "--animals",
            defaultValue = "100",
            description = "Animals per farm, 1 to 100000 (default: ${DEFAULT-VALUE}).")
    int animals;

    @Option(
            names = "--interval",
            defaultValue = "PT10M",
            paramLabel = "DURATION",
            converter = Durations.Positive.class,
            description =
                    "Simulated time between two readings of a bolus, whole seconds from PT1S to"
                            + " PT1H (default: ${DEFAULT-VALUE}, as real boluses).")
    Duration interval;

    @Option(
            names = "--start",
            defaultValue = "now",
            paramLabel = "TIME",
            converter = Durations.StartTime.class,
            description =
                    "Simulated start: an instant (2026-03-01T00:00:00Z), 'now', or a duration from"
                            + " now (-P7D); aligned down to a multiple of --interval (default:"
                            + " ${DEFAULT-VALUE}).")
    Instant start;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = Durations.Positive.class,
            description = "Simulated time to cover from --start, then stop (default: no end).")
    Duration duration;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description =
                    "Seed of the simulation; the same seed, options and absolute --start give the"
                            + " same records byte for byte (default: random, printed).")
    Long seed;

    @Option(
            names = "--ph-share",
            defaultValue = "0.2",
            paramLabel = "FRACTION",
            description =
                    "Share of each farm's animals with a pH bolus (default: ${DEFAULT-VALUE}).")
    double phShare;

    @Option(
            names = "--incidence",
            defaultValue = "0.01",
            paramLabel = "PER_DAY",
            description =
                    "Random conditions per animal and day for animals no scenario names; 0 for a"
                            + " healthy herd (default: ${DEFAULT-VALUE}).")
    double incidence;

    @Option(
            names = "--loss-share",
            defaultValue = "0",
            paramLabel = "FRACTION",
            description =
                    "Share of readings a bolus makes and never sends, at random, as a radio loses"
                            + " packets; the rest are the same as without losses (default:"
                            + " ${DEFAULT-VALUE}).")
    double lossShare;

    @Option(
            names = "--inject",
            paramLabel = "CONDITION:ANIMAL@FROM[/LENGTH]",
            description =
                    "A condition for an animal, repeatable, e.g. fever:farm-01-cow-007@P3D/PT36H."
                            + " Conditions: fever, hypothermia, estrus, low_rumination, sara,"
                            + " silent, stuck, spikes, duplicates. FROM: an instant or a duration"
                            + " from --start; LENGTH: a duration (default: the condition's usual"
                            + " length).")
    List<String> injections = new ArrayList<>();

    @Option(
            names = "--scenario",
            paramLabel = "FILE",
            description =
                    "CSV of conditions: header with animal_id,condition,from and optionally"
                            + " to,magnitude (a --ground-truth file is one).")
    Path scenario;

    /**
     * @param count records to send, 0 for no limit
     * @param rate readings per second, 0 for no limit
     * @param speed simulated seconds per real second, 0 for no limit
     */
    SimulationSettings.Options options(long count, double rate, double speed) {
        return new SimulationSettings.Options(
                farms,
                animals,
                interval,
                start,
                duration,
                count,
                rate,
                speed,
                seed == null ? System.nanoTime() : seed,
                phShare,
                incidence,
                lossShare,
                injections,
                scenario);
    }
}
