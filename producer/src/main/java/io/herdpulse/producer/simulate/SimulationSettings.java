package io.herdpulse.producer.simulate;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A simulation's configuration, checked and resolved once: the start aligned to the interval, the
 * scenario read and matched to the herd.
 *
 * @param start the first interval's start, a multiple of the interval since the epoch
 * @param end no reading at or after this, null for no end
 * @param count records to send, 0 for no limit
 * @param rate readings per second, 0 for no limit
 * @param speed simulated seconds per real second, 0 for no limit
 * @param lossShare share of readings a bolus makes and never sends
 * @param scenario episodes by animal id
 */
public record SimulationSettings(
        Herd herd,
        Duration interval,
        Instant start,
        Instant end,
        long count,
        double rate,
        double speed,
        long seed,
        double incidence,
        double lossShare,
        Map<String, List<Episode>> scenario) {

    /** The options as the user gave them. */
    public record Options(
            int farms,
            int animalsPerFarm,
            Duration interval,
            Instant start,
            Duration duration,
            long count,
            double rate,
            double speed,
            long seed,
            double phShare,
            double incidence,
            double lossShare,
            List<String> injections,
            Path scenarioFile) {}

    public static final int MAX_FARMS = 999;
    public static final int MAX_ANIMALS_PER_FARM = 100_000;

    /**
     * Heap one simulated animal takes (schedule, physiology and episode state), as measured with a
     * large herd; a bit generous, so a herd refused up front would not have fitted.
     */
    static final long BYTES_PER_ANIMAL = 880;

    /** One condition per animal in ~2,700 years: as good as none, yet its gaps fit an Instant. */
    static final double MIN_INCIDENCE = 1e-6;

    /**
     * @param fail makes the exception for an option that is wrong, from a one-line message
     */
    public static SimulationSettings resolve(
            Options options, Function<String, RuntimeException> fail) {
        check(
                options.farms() >= 1 && options.farms() <= MAX_FARMS,
                fail,
                "--farms must be 1 to " + MAX_FARMS + ", not " + options.farms());
        check(
                options.animalsPerFarm() >= 1 && options.animalsPerFarm() <= MAX_ANIMALS_PER_FARM,
                fail,
                "--animals must be 1 to "
                        + MAX_ANIMALS_PER_FARM
                        + " per farm, not "
                        + options.animalsPerFarm());
        long animals = (long) options.farms() * options.animalsPerFarm();
        long maxHeap = Runtime.getRuntime().maxMemory();
        check(
                animals * BYTES_PER_ANIMAL < maxHeap,
                fail,
                "--farms "
                        + options.farms()
                        + " x --animals "
                        + options.animalsPerFarm()
                        + " is too large a herd for this JVM's heap of "
                        + maxHeap / (1024 * 1024)
                        + " MiB (about "
                        + BYTES_PER_ANIMAL
                        + " bytes per animal): fewer animals, or more heap with -Xmx");
        Duration interval = options.interval();
        check(
                interval.getNano() == 0
                        && interval.compareTo(Duration.ofSeconds(1)) >= 0
                        && interval.compareTo(Duration.ofHours(1)) <= 0,
                fail,
                "--interval must be whole seconds from PT1S to PT1H (a reading's rumination is"
                        + " at most 60 min), not "
                        + interval);
        check(options.count() >= 0, fail, "--count must not be negative");
        check(
                options.rate() >= 0 && Double.isFinite(options.rate()),
                fail,
                "--rate must be a positive number of readings per second");
        check(
                options.speed() >= 0 && Double.isFinite(options.speed()),
                fail,
                "--speed must be a positive factor");
        check(
                options.phShare() >= 0 && options.phShare() <= 1,
                fail,
                "--ph-share must be 0 to 1, not " + options.phShare());
        check(
                options.incidence() >= 0 && Double.isFinite(options.incidence()),
                fail,
                "--incidence must not be negative");
        // Below this the first random condition would be drawn beyond the last Instant.
        check(
                options.incidence() == 0 || options.incidence() >= MIN_INCIDENCE,
                fail,
                "--incidence must be 0 or at least 0.000001 per animal and day, not "
                        + options.incidence());
        check(
                options.lossShare() >= 0 && options.lossShare() < 1,
                fail,
                "--loss-share must be 0 or more and below 1, not " + options.lossShare());

        long step = interval.toSeconds();
        Instant start =
                Instant.ofEpochSecond(Math.floorDiv(options.start().getEpochSecond(), step) * step);
        Instant end = options.duration() == null ? null : start.plus(options.duration());

        List<Episode> episodes = new ArrayList<>();
        try {
            Scenario scenario = new Scenario(start, options.seed());
            if (options.scenarioFile() != null) {
                episodes.addAll(scenario.file(options.scenarioFile()));
            }
            for (String injection : options.injections()) {
                episodes.add(scenario.injection(injection));
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw fail.apply(e.getMessage());
        }
        Set<String> withPh =
                episodes.stream()
                        .filter(episode -> episode.condition().needsPh())
                        .map(Episode::animalId)
                        .collect(Collectors.toSet());
        Herd herd =
                Herd.of(
                        options.farms(),
                        options.animalsPerFarm(),
                        interval,
                        options.phShare(),
                        withPh);
        Map<String, List<Episode>> byAnimal = new LinkedHashMap<>();
        for (Episode episode : episodes) {
            check(
                    herd.contains(episode.animalId()),
                    fail,
                    "no animal " + episode.animalId() + " in the herd (" + herd.idRange() + ")");
            byAnimal.computeIfAbsent(episode.animalId(), id -> new ArrayList<>()).add(episode);
        }
        return new SimulationSettings(
                herd,
                interval,
                start,
                end,
                options.count(),
                options.rate(),
                options.speed(),
                options.seed(),
                options.incidence(),
                options.lossShare(),
                Map.copyOf(byAnimal));
    }

    public HerdSimulator simulator(EpisodeListener listener) {
        return simulator(listener, BodyListener.NONE);
    }

    /** As above, telling {@code body} each reading's temperature without drinks (for scorers). */
    public HerdSimulator simulator(EpisodeListener listener, BodyListener body) {
        return new HerdSimulator(
                herd, interval, start, end, seed, scenario, incidence, lossShare, listener, body);
    }

    /** One line on what is about to run. */
    public String describe() {
        long withPh = herd.animals().stream().filter(Animal::hasPh).count();
        return String.format(
                Locale.ROOT,
                "simulate: %d animals (%d with pH boluses), a reading every %s from %s%s; seed %d,"
                        + " %d scripted conditions, %.3f random per animal-day%s",
                herd.size(),
                withPh,
                interval,
                start,
                end == null ? "" : " to " + end,
                seed,
                scenario.values().stream().mapToInt(List::size).sum(),
                incidence,
                lossShare == 0
                        ? ""
                        : String.format(Locale.ROOT, ", %.3f of readings lost", lossShare));
    }

    private static void check(
            boolean condition, Function<String, RuntimeException> fail, String message) {
        if (!condition) {
            throw fail.apply(message);
        }
    }
}
