package io.herdpulse.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.alerts.baseline.BaselineThresholds;
import io.herdpulse.alerts.ph.PhThresholds;
import io.herdpulse.alerts.silence.SilenceThresholds;
import io.herdpulse.alerts.temperature.TemperatureThresholds;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Reading;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * The detector over random interleavings of in-order, out-of-order, duplicate, re-sent and very
 * late readings of a few animals, each stamped with its partition's watermark, with watermarks,
 * snapshotted and restored at random points, at random parallelisms: it never throws, and it emits
 * exactly what an uninterrupted run of the same input at parallelism 1 emits. A restored harness
 * starts with no watermark, as the job does after a restore, and Flink's watermark then lags for a
 * while, as it does while the partitions are replayed unevenly: a very late reading arriving then
 * must meet the fate it met in the uninterrupted run. At parallelism 2 the two cows of farm-A are
 * on different instances: each must still know that her farm kept reporting.
 *
 * <p>Readings come hourly with hour-long spans and a one-day baseline, so every rule (baselines,
 * pH, silence, temperature with drinking) has its say within the few days a try covers.
 */
class RestoreProperties {
    private static final Duration INTERVAL = Duration.ofHours(1);
    private static final Instant START = Instant.parse("2026-03-02T00:30:00Z");

    /** Three animals take turns at random: each reports about once an interval. */
    private static final Duration TICK = INTERVAL.dividedBy(3);

    /** The watermark trails the newest reading sent by this, as a bounded-disorder source's. */
    private static final Duration LAG = INTERVAL.multipliedBy(2);

    static final AlertThresholds THRESHOLDS =
            new AlertThresholds(
                    INTERVAL,
                    Duration.ofDays(2),
                    RecordCopy.with(TemperatureThresholds.DEFAULTS, "drinkingMedianReadings", 3),
                    new BaselineThresholds(
                            0.6,
                            0.8,
                            Duration.ofHours(3),
                            2.5,
                            1.5,
                            Duration.ofHours(1),
                            1,
                            1,
                            0.5),
                    new PhThresholds(
                            5.8,
                            Duration.ofHours(2),
                            Duration.ofHours(1),
                            Duration.ofHours(6),
                            Duration.ofMinutes(90)),
                    SilenceThresholds.DEFAULTS);

    private static final Double[] TEMPERATURES = {38.8, 38.7, 39.0, 40.2, 40.4, 37.1, 37.3, 35.4};

    /** Where a reading arrives, relative to its place in event time. */
    enum Timing {
        IN_ORDER(0),
        OUT_OF_ORDER(2),
        VERY_LATE(25),
        /** Sent twice, the same readingId. */
        DUPLICATE(0),
        /** Sent again under another readingId (a gateway retry the de-duplication cannot see). */
        RESENT(0);

        final int delay;

        Timing(int delay) {
            this.delay = delay;
        }
    }

    /**
     * One reading of the input, and what follows its arrival.
     *
     * @param gap turns nobody reported before this reading (silence) before this reading (silence)
     * @param behaviour 0 normal, 1 busy (high activity), 2 hardly ruminating; pH: even ones low, 5
     *     none (her bolus sends pH on only some readings, so the minutes heard since her latest pH
     *     reading are in the state a restore carries over)
     * @param parallelism the detector's parallelism after a restore that follows this reading
     */
    record Step(
            int animal,
            double temperature,
            int behaviour,
            int gap,
            Timing timing,
            boolean watermarkAfter,
            boolean restoreAfter,
            int parallelism) {}

    /** An arriving reading, or a watermark, or a snapshot-and-restore. */
    sealed interface Event permits Send, Mark, Restore {}

    record Send(Reading reading, long partitionWatermark) implements Event {}

    record Mark(long watermark) implements Event {}

    /**
     * A snapshot and restore at a parallelism, after which the restored run misses the next few
     * watermarks.
     */
    record Restore(int watermarksMissed, int parallelism) implements Event {}

    @Provide
    Arbitrary<List<Step>> inputs() {
        Arbitrary<Step> step =
                Combinators.combine(
                                Arbitraries.integers().between(0, 2),
                                Arbitraries.of(TEMPERATURES),
                                Arbitraries.integers().between(0, 5),
                                Arbitraries.frequency(Tuple.of(12, 0), Tuple.of(1, 12)),
                                Arbitraries.frequency(
                                        Tuple.of(12, Timing.IN_ORDER),
                                        Tuple.of(4, Timing.OUT_OF_ORDER),
                                        Tuple.of(2, Timing.VERY_LATE),
                                        Tuple.of(1, Timing.DUPLICATE),
                                        Tuple.of(1, Timing.RESENT)),
                                Arbitraries.frequency(Tuple.of(1, true), Tuple.of(2, false)),
                                Arbitraries.frequency(Tuple.of(1, true), Tuple.of(40, false)),
                                Arbitraries.integers().between(1, 3))
                        .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(200);
    }

    @Property(tries = 300)
    void aRestoredRunEmitsExactlyWhatAnUninterruptedRunEmits(
            @ForAll("inputs") List<Step> steps, @ForAll @IntRange(min = 1, max = 3) int parallelism)
            throws Exception {
        assertRestoredRunEmitsWhatAnUninterruptedRunEmits(
                events(steps), parallelism, Detectors.Savepoint.asTaken());
    }

    /**
     * Runs the events at parallelism 1 without their restores, and from {@code parallelism} on with
     * them, each restore from what {@code savepoint} makes of the savepoint, and compares each
     * animal's alerts.
     */
    static void assertRestoredRunEmitsWhatAnUninterruptedRunEmits(
            List<Event> events, int parallelism, Detectors.Savepoint savepoint) throws Exception {
        Map<String, List<HealthAlert>> uninterrupted = perAnimal(run(events, false));
        Map<String, List<HealthAlert>> restored =
                perAnimal(run(events, parallelism, true, savepoint));

        assertThat(restored.keySet()).isEqualTo(uninterrupted.keySet());
        // A row health_alerts refuses would fail the job on it for ever.
        assertThat(uninterrupted.values().stream().flatMap(List::stream))
                .allSatisfy(
                        alert ->
                                assertThat(
                                                alert.endedAt() == null
                                                        || !alert.endedAt()
                                                                .isBefore(alert.startedAt()))
                                        .as("%s ends no earlier than it starts", alert.alertId())
                                        .isTrue());
        uninterrupted.forEach(
                (animal, expected) ->
                        assertThat(restored.get(animal))
                                .as("alerts of %s", animal)
                                .containsExactlyElementsOf(expected));
    }

    /** Feeds the events; at the end every state has expired, so nothing may be left over. */
    static List<HealthAlert> run(List<Event> events, boolean restoring) throws Exception {
        return run(events, 1, restoring, Detectors.Savepoint.asTaken());
    }

    /** Feeds the events from {@code parallelism} on, with their restores. */
    static List<HealthAlert> run(List<Event> events, int parallelism) throws Exception {
        return run(events, parallelism, true, Detectors.Savepoint.asTaken());
    }

    private static List<HealthAlert> run(
            List<Event> events, int parallelism, boolean restoring, Detectors.Savepoint savepoint)
            throws Exception {
        long checkpoint = 0;
        int watermarksToMiss = 0;
        try (Detectors detectors = new Detectors(THRESHOLDS, parallelism)) {
            for (int i = 0; i < events.size(); i++) {
                Event event = events.get(i);
                boolean last = i == events.size() - 1;
                if (event instanceof Send send) {
                    detectors.arrive(new Arrival(send.reading(), send.partitionWatermark()));
                } else if (event instanceof Mark mark) {
                    if (watermarksToMiss > 0 && !last) {
                        watermarksToMiss--;
                    } else {
                        detectors.watermark(mark.watermark());
                    }
                } else if (restoring && event instanceof Restore restore) {
                    detectors.restore(++checkpoint, savepoint, restore.parallelism());
                    watermarksToMiss = restore.watermarksMissed();
                }
            }
            assertThat(detectors.numKeyedStateEntries()).as("state left").isZero();
            assertThat(detectors.numEventTimeTimers()).as("timers left").isZero();
            return detectors.alerts();
        }
    }

    /**
     * Timers of different animals due at one time may fire in any order after a restore; each
     * animal's own alerts are in a fixed order.
     */
    private static Map<String, List<HealthAlert>> perAnimal(List<HealthAlert> alerts) {
        return alerts.stream()
                .collect(
                        Collectors.groupingBy(
                                HealthAlert::animalId, LinkedHashMap::new, Collectors.toList()));
    }

    /** The steps as the detector receives them, ending with a watermark past every state TTL. */
    static List<Event> events(List<Step> steps) {
        record Arriving(int position, int order, Reading reading) {}
        List<Arriving> arriving = new ArrayList<>();
        Instant clock = START;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            clock = clock.plus(TICK.multipliedBy(1 + step.gap()));
            Reading reading = reading(step, clock);
            int position = i + step.timing().delay;
            arriving.add(new Arriving(position, arriving.size(), reading));
            if (step.timing() == Timing.DUPLICATE) {
                arriving.add(new Arriving(position + 3, arriving.size(), reading));
            } else if (step.timing() == Timing.RESENT) {
                arriving.add(new Arriving(position + 1, arriving.size(), withNewId(reading, i)));
            }
        }
        arriving.sort(
                Comparator.comparingInt(Arriving::position).thenComparingInt(Arriving::order));

        List<Event> events = new ArrayList<>();
        long newest = Long.MIN_VALUE;
        long watermark = Long.MIN_VALUE;
        for (int i = 0; i < arriving.size(); i++) {
            Reading reading = arriving.get(i).reading();
            // As the job's PartitionWatermarks stamps it: all animals share one partition here.
            events.add(new Send(reading, watermark(newest)));
            newest = Math.max(newest, reading.timestamp().toEpochMilli());
            Step marks = steps.get(i % steps.size());
            if (marks.watermarkAfter()) {
                watermark = Math.max(watermark, watermark(newest));
                events.add(new Mark(watermark));
            }
            if (marks.restoreAfter()) {
                events.add(new Restore(marks.gap() + marks.behaviour(), marks.parallelism()));
            }
        }
        events.add(new Mark(newest + THRESHOLDS.alertStateTtl().plusDays(1).toMillis()));
        return events;
    }

    /** The watermark of a bounded-disorder source whose newest reading is {@code newest}. */
    private static long watermark(long newest) {
        return newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - LAG.toMillis();
    }

    private static Reading reading(Step step, Instant at) {
        String animal = "cow-" + step.animal();
        double activity = step.behaviour() == 1 ? 60 : 10;
        double rumination = step.behaviour() == 2 ? 3 : 30;
        Double ph =
                step.animal() != 2 || step.behaviour() == 5
                        ? null
                        : step.behaviour() % 2 == 0 ? 5.5 : 6.3;
        return new Reading(
                1,
                UUID.nameUUIDFromBytes((animal + at).getBytes(StandardCharsets.UTF_8)).toString(),
                step.animal() == 2 ? "farm-B" : "farm-A",
                animal,
                "bolus-" + animal,
                at,
                step.temperature(),
                activity,
                rumination,
                step.temperature() < 36 ? 12.0 : null,
                ph);
    }

    private static Reading withNewId(Reading r, int salt) {
        return new Reading(
                r.schemaVersion(),
                UUID.nameUUIDFromBytes((r.readingId() + salt).getBytes(StandardCharsets.UTF_8))
                        .toString(),
                r.farmId(),
                r.animalId(),
                r.sensorId(),
                r.timestamp(),
                r.rumenTempC() + 0.3,
                r.activity(),
                r.ruminationMin(),
                r.waterIntakeL(),
                r.rumenPh());
    }
}
