package io.herdpulse.job.admit;

import io.herdpulse.job.ingest.KafkaPosition;
import io.herdpulse.job.ingest.SourcedReading;
import io.herdpulse.model.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Random interleavings of in-order, out-of-order, duplicate and very late readings of a few animals
 * on one Kafka partition, Flink watermarks at random moments (never ahead of the partition's, as
 * when no partition is idle) and restores at random points; and what DESIGN.md's rules make of each
 * reading, computed from the readings alone with the partition's watermark before each.
 */
public final class RandomArrivals {
    public static final Duration WINDOW = Duration.ofMinutes(1);
    public static final Duration LATENESS = Duration.ofSeconds(20);
    public static final Duration HORIZON = Duration.ofMinutes(2);
    public static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(10);
    static final long T0 = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
    private static final int ANIMALS = 3;
    private static final int IDS = 12;
    private static final long SPAN_MILLIS = Duration.ofMinutes(30).toMillis();

    private RandomArrivals() {}

    /** One thing that happens to the job. */
    public sealed interface Step permits Send, Advance, Restore {}

    /** A reading of an animal, {@code offsetMillis} after the start. */
    public record Send(int animal, int id, long offsetMillis) implements Step {
        public long eventTime() {
            return T0 + offsetMillis;
        }

        public String animalId() {
            return "cow-" + animal;
        }

        /** Cows 0 and 2 are on farm-0, cow 1 on farm-1. */
        public String farmId() {
            return "farm-" + animal % 2;
        }

        /**
         * The reading, its values set by its id: multiples of a quarter, so their sums are exact in
         * any order. Cow 2's bolus measures pH; every other id carries a drink.
         */
        public Reading reading() {
            return new Reading(
                    1,
                    idOf(id),
                    farmId(),
                    animalId(),
                    "bolus",
                    Instant.ofEpochMilli(eventTime()),
                    37.5 + 0.25 * (id % 12),
                    id % 5,
                    id % 3,
                    id % 2 == 0 ? null : 0.5 * id,
                    animal == 2 ? 5.5 + 0.25 * (id % 4) : null);
        }

        /** The reading as read from the partition at {@code offset}. */
        public SourcedReading sourced(long offset) {
            return new SourcedReading(
                    new KafkaPosition("t", 0, offset),
                    new byte[0],
                    reading(),
                    SourcedReading.NOT_STAMPED);
        }
    }

    /**
     * Flink's watermark moves to here, unless it is already further or this is ahead of the
     * partition's watermark.
     */
    public record Advance(long offsetMillis) implements Step {
        /** Where Flink's watermark moves, given the partition's watermark. */
        public long to(long partitionWatermark) {
            return Math.min(T0 + offsetMillis, partitionWatermark);
        }
    }

    /** A checkpoint, then the job fails and is restored from it. */
    public record Restore() implements Step {}

    /** What the rules make of a reading. */
    public enum Verdict {
        ON_TIME,
        LATE,
        DUPLICATE
    }

    /**
     * Readings at random times of a half-hour span, of a dozen ids that repeat: so do readings
     * (same id, same time) and ids alone (a copy usually repeats its reading's time; sometimes an
     * id comes with another time).
     */
    public static Arbitrary<List<Step>> steps() {
        Arbitrary<Step> send =
                Combinators.combine(
                                Arbitraries.integers().between(0, ANIMALS - 1),
                                Arbitraries.integers().between(0, IDS - 1),
                                Arbitraries.of(true, false),
                                Arbitraries.longs().between(-SPAN_MILLIS / 2, SPAN_MILLIS))
                        .as(
                                (animal, id, timeOfId, offset) ->
                                        new Send(
                                                animal,
                                                id,
                                                timeOfId
                                                        ? Math.floorMod(id * 97_531L, SPAN_MILLIS)
                                                        : offset));
        Arbitrary<Step> advance =
                Arbitraries.longs().between(-SPAN_MILLIS / 2, SPAN_MILLIS).map(Advance::new);
        Arbitrary<Step> restore = Arbitraries.just(new Restore());
        return Arbitraries.frequencyOf(
                        Tuple.of(12, send), Tuple.of(4, advance), Tuple.of(1, restore))
                .list()
                .ofMaxSize(120);
    }

    /** What comes next in {@link #flowingSteps()}. */
    private enum Next {
        READING,
        COPY,
        WATERMARK,
        RESTORE
    }

    /**
     * One step of {@link #flowingSteps()}: a new reading {@code tick} after the previous one and
     * {@code delay} behind it, a copy of the reading {@code back} readings before, a watermark
     * {@code lag} behind the partition's, or a restore.
     */
    private record Flow(Next next, int animal, long tick, long delay, long lag, int back) {}

    /**
     * Readings as a herd sends them: event time moves on a few seconds a reading, most readings
     * arrive in order or a little out of it, some within or just beyond the allowed lateness of
     * their window, a few minutes late; copies of recent readings; Flink watermarks at the
     * partition's (as Flink computes them from one partition) or close behind, so readings meet the
     * windows' lateness bounds often.
     */
    public static Arbitrary<List<Step>> flowingSteps() {
        long outOfOrder = OUT_OF_ORDERNESS.toMillis();
        long late = LATENESS.toMillis() + WINDOW.toMillis();
        Arbitrary<Long> delay =
                Arbitraries.frequencyOf(
                        Tuple.of(8, Arbitraries.just(0L)),
                        Tuple.of(4, Arbitraries.longs().between(0, outOfOrder + 5_000)),
                        Tuple.of(4, Arbitraries.longs().between(outOfOrder, late + outOfOrder)),
                        Tuple.of(1, Arbitraries.longs().between(late, 10 * late)));
        Arbitrary<Flow> flow =
                Combinators.combine(
                                Arbitraries.frequency(
                                        Tuple.of(12, Next.READING),
                                        Tuple.of(2, Next.COPY),
                                        Tuple.of(5, Next.WATERMARK),
                                        Tuple.of(1, Next.RESTORE)),
                                Arbitraries.integers().between(0, ANIMALS - 1),
                                Arbitraries.longs().between(0, 20_000),
                                delay,
                                Arbitraries.frequencyOf(
                                        Tuple.of(1, Arbitraries.just(0L)),
                                        Tuple.of(
                                                1, Arbitraries.longs().between(0, 2 * outOfOrder))),
                                Arbitraries.integers().between(0, 5))
                        .as(Flow::new);
        // Uniform sizes: jqwik's default favours short lists, which seldom reach a lateness bound.
        return flow.list()
                .ofMaxSize(100)
                .withSizeDistribution(RandomDistribution.uniform())
                .map(RandomArrivals::flowing);
    }

    private static List<Step> flowing(List<Flow> flows) {
        List<Step> steps = new ArrayList<>();
        List<Send> sent = new ArrayList<>();
        long clock = 0;
        for (Flow flow : flows) {
            switch (flow.next()) {
                case READING -> {
                    clock += flow.tick();
                    Send send = new Send(flow.animal(), sent.size(), clock - flow.delay());
                    sent.add(send);
                    steps.add(send);
                }
                case COPY -> {
                    if (!sent.isEmpty()) {
                        steps.add(sent.get(Math.max(0, sent.size() - 1 - flow.back())));
                    }
                }
                case WATERMARK ->
                        steps.add(
                                new Advance(clock - OUT_OF_ORDERNESS.toMillis() - 1 - flow.lag()));
                case RESTORE -> steps.add(new Restore());
            }
        }
        return steps;
    }

    /** What the steps are played to: the operator(s) under test. */
    public interface Receiver {
        /** A reading stamped with its partition's watermark, at its event time. */
        void send(StampedReading reading, long eventTime) throws Exception;

        /** Flink's watermark moves to {@code to}, unless it is already further. */
        void watermark(long to) throws Exception;

        /** A checkpoint, then a failure and a restore from it, without a watermark. */
        void restore() throws Exception;
    }

    /** Plays the steps to {@code receiver}, the restores only when {@code restoring}. */
    public static void replay(List<Step> steps, boolean restoring, Receiver receiver)
            throws Exception {
        long[] partitionWatermarks = partitionWatermarks(steps);
        for (int index = 0; index < steps.size(); index++) {
            Step step = steps.get(index);
            if (step instanceof Send send) {
                receiver.send(
                        new StampedReading(send.sourced(index), partitionWatermarks[index]),
                        send.eventTime());
            } else if (step instanceof Advance advance) {
                receiver.watermark(advance.to(partitionWatermarks[index]));
            } else if (restoring) {
                receiver.restore();
            }
        }
    }

    public static String idOf(int id) {
        return "00000000-0000-4000-8000-%012d".formatted(id);
    }

    /**
     * The partition's watermark before each step: the newest event time sent before it, less the
     * out-of-orderness and a millisecond (BoundedOutOfOrdernessWatermarks).
     */
    public static long[] partitionWatermarks(List<Step> steps) {
        long[] watermarks = new long[steps.size()];
        long newest = Long.MIN_VALUE;
        for (int index = 0; index < steps.size(); index++) {
            watermarks[index] =
                    newest == Long.MIN_VALUE
                            ? Long.MIN_VALUE
                            : newest - OUT_OF_ORDERNESS.toMillis() - 1;
            if (steps.get(index) instanceof Send send) {
                newest = Math.max(newest, send.eventTime());
            }
        }
        return watermarks;
    }

    /**
     * The rules, computed from the readings alone: each step's verdict (null for what is not a
     * reading). An id already sent by the animal and not yet forgotten is DUPLICATE; then a reading
     * whose window's end + allowed lateness the partition's watermark has reached is LATE.
     */
    public static Verdict[] verdicts(List<Step> steps) {
        Verdict[] verdicts = new Verdict[steps.size()];
        Map<String, Long> rememberedUntil = new HashMap<>();
        long[] watermarks = partitionWatermarks(steps);
        for (int index = 0; index < steps.size(); index++) {
            long watermark = watermarks[index];
            if (steps.get(index) instanceof Send send) {
                String key = send.animal() + "/" + send.id();
                long dropped = windowStart(send.eventTime()) + WINDOW.toMillis() - 1;
                dropped += LATENESS.toMillis();
                Long until = rememberedUntil.get(key);
                if (until != null && until > watermark) {
                    verdicts[index] = Verdict.DUPLICATE;
                    continue;
                }
                if (dropped + HORIZON.toMillis() > watermark) {
                    rememberedUntil.put(key, dropped + HORIZON.toMillis());
                }
                verdicts[index] = dropped <= watermark ? Verdict.LATE : Verdict.ON_TIME;
            }
        }
        return verdicts;
    }

    /** The start of the tumbling window, aligned to the epoch, that holds {@code eventTime}. */
    public static long windowStart(long eventTime) {
        return Math.floorDiv(eventTime, WINDOW.toMillis()) * WINDOW.toMillis();
    }
}
