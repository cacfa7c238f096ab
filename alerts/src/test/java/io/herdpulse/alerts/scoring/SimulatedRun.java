package io.herdpulse.alerts.scoring;

import io.herdpulse.model.Reading;
import io.herdpulse.producer.simulate.Animal;
import io.herdpulse.producer.simulate.BodyListener;
import io.herdpulse.producer.simulate.Condition;
import io.herdpulse.producer.simulate.GroundTruthWriter;
import io.herdpulse.producer.simulate.Herd;
import io.herdpulse.producer.simulate.HerdSimulator;
import io.herdpulse.producer.simulate.SimulationSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One run of the producer's herd simulator, as {@code herdpulse-producer simulate} would make it
 * with {@code --incidence 0}, an {@code --inject} per sick cow and {@code --ground-truth}: the
 * readings in event-time order, then the ground truth the simulator wrote.
 *
 * <p>Cow {@code i} of the herd gets the condition {@code plan[i % plan.length]} ({@code null}:
 * none) at a random time from day 4, once the rules have their three days of baseline, to 4 days
 * before the end, so the longest condition and its detection fit in the run. Its length and
 * magnitude are drawn by the simulator from the condition's usual range.
 */
public final class SimulatedRun {
    public static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    public static final Duration INTERVAL = Duration.ofMinutes(10);
    private static final Duration FIRST_ONSET = Duration.ofDays(4);
    private static final Duration LAST_ONSET_BEFORE_END = Duration.ofDays(4);
    private static final double PH_SHARE = 0.2;

    /** A plan: these conditions, one per cow, then this many healthy cows, over and over. */
    public static Condition[] plan(List<Condition> conditions, int healthy) {
        return Arrays.copyOf(conditions.toArray(Condition[]::new), conditions.size() + healthy);
    }

    /** Told each reading in event-time order. */
    @FunctionalInterface
    public interface ReadingSink {
        void accept(Reading reading) throws Exception;
    }

    private final SimulationSettings settings;
    private final Path groundTruth;
    private final int cowDays;
    private final List<String> injections;

    /**
     * @param lossShare share of readings the boluses lose (the simulator's {@code --loss-share})
     * @param groundTruth where the simulator writes its ground truth
     */
    public SimulatedRun(
            int farms,
            int cowsPerFarm,
            int days,
            long seed,
            double lossShare,
            Condition[] plan,
            Path groundTruth) {
        this.groundTruth = groundTruth;
        this.cowDays = farms * cowsPerFarm * days;
        Duration length = Duration.ofDays(days);
        this.injections =
                injections(
                        Herd.of(farms, cowsPerFarm, INTERVAL, PH_SHARE, Set.of()),
                        length,
                        seed,
                        plan);
        this.settings =
                SimulationSettings.resolve(
                        new SimulationSettings.Options(
                                farms,
                                cowsPerFarm,
                                INTERVAL,
                                START,
                                length,
                                0,
                                0,
                                0,
                                seed,
                                PH_SHARE,
                                0,
                                lossShare,
                                injections,
                                null),
                        IllegalArgumentException::new);
    }

    private static List<String> injections(
            Herd herd, Duration length, long seed, Condition[] plan) {
        long window = length.minus(FIRST_ONSET).minus(LAST_ONSET_BEFORE_END).toMinutes();
        if (window <= 0) {
            throw new IllegalArgumentException("a scored run needs more than 8 days");
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<String> injections = new ArrayList<>();
        for (Animal animal : herd.animals()) {
            Condition condition = plan[animal.index() % plan.length];
            if (condition != null) {
                Duration from = FIRST_ONSET.plusMinutes(random.nextLong(window));
                injections.add(condition.label() + ":" + animal.animalId() + "@" + from);
            }
        }
        return injections;
    }

    /** Simulates the whole run, writing the ground truth as the conditions start. */
    public void forEach(ReadingSink sink) throws Exception {
        forEach(sink, BodyListener.NONE);
    }

    /** As above, telling {@code body} each reading's temperature without her drinks. */
    public void forEach(ReadingSink sink, BodyListener body) throws Exception {
        try (GroundTruthWriter truth = new GroundTruthWriter(groundTruth)) {
            HerdSimulator simulator = settings.simulator(truth, body);
            while (simulator.hasNext()) {
                sink.accept(simulator.next());
            }
        }
    }

    /** The animals given one of these conditions. */
    public Set<String> animalsWith(Condition... conditions) {
        Set<String> labels =
                java.util.Arrays.stream(conditions)
                        .map(Condition::label)
                        .collect(java.util.stream.Collectors.toSet());
        return injections.stream()
                .filter(i -> labels.contains(i.substring(0, i.indexOf(':'))))
                .map(i -> i.substring(i.indexOf(':') + 1, i.indexOf('@')))
                .collect(java.util.stream.Collectors.toSet());
    }

    /** What was injected, from the file the simulator wrote; complete after {@link #forEach}. */
    public List<GroundTruth.Episode> truth() {
        return GroundTruth.read(groundTruth);
    }

    public int cows() {
        return settings.herd().size();
    }

    public int cowDays() {
        return cowDays;
    }
}
