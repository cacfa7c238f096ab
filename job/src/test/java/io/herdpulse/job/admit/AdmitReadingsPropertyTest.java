package io.herdpulse.job.admit;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.job.ingest.KafkaPosition;
import io.herdpulse.job.ingest.SourcedReading;
import io.herdpulse.job.validation.Rejected;
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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * AdmitReadings over random interleavings of in-order, out-of-order, duplicate and very late
 * readings of one partition and Flink watermarks that come at random moments (never ahead of the
 * partition's, as when no partition is idle), restored from a snapshot at random points (a restored
 * operator starts without a watermark, as after a real failure): it never throws, and a run with
 * restores admits and rejects exactly what the rules of DESIGN.md say, computed here from the
 * readings alone with the partition's watermark before each: the moments the Flink watermarks come
 * change nothing. When event time ends, no state and no timer is left.
 */
class AdmitReadingsPropertyTest {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration LATENESS = Duration.ofSeconds(20);
    private static final Duration HORIZON = Duration.ofMinutes(2);
    private static final long OUT_OF_ORDERNESS_MILLIS = 10_000;
    private static final long T0 = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
    private static final int ANIMALS = 3;
    private static final int IDS = 12;
    private static final long SPAN_MILLIS = Duration.ofMinutes(30).toMillis();
    private static final long RECEIVED_AT = 5_000;

    /** One thing that happens to the operator. */
    sealed interface Step permits Send, Advance, Restore {}

    /** A reading of an animal; ids repeat, so do readings (same id, same time) and ids alone. */
    record Send(int animal, int id, boolean timeOfId, long offsetMillis) implements Step {
        long eventTime() {
            // A copy usually repeats its reading's time; sometimes an id comes with another time.
            return T0 + (timeOfId ? Math.floorMod(id * 97_531L, SPAN_MILLIS) : offsetMillis);
        }
    }

    /**
     * Flink's watermark moves to here, unless it is already further or this is ahead of the
     * partition's watermark.
     */
    record Advance(long offsetMillis) implements Step {}

    /** A checkpoint, then the operator fails and is restored from it. */
    record Restore() implements Step {}

    /** What came out: the admitted readings and the rejections, each in order. */
    record Outcome(List<String> admitted, List<String> rejected) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> send =
                Combinators.combine(
                                Arbitraries.integers().between(0, ANIMALS - 1),
                                Arbitraries.integers().between(0, IDS - 1),
                                Arbitraries.of(true, false),
                                Arbitraries.longs().between(-SPAN_MILLIS / 2, SPAN_MILLIS))
                        .as(Send::new);
        Arbitrary<Step> advance =
                Arbitraries.longs().between(-SPAN_MILLIS / 2, SPAN_MILLIS).map(Advance::new);
        Arbitrary<Step> restore = Arbitraries.just(new Restore());
        return Arbitraries.frequencyOf(
                        Tuple.of(12, send), Tuple.of(4, advance), Tuple.of(1, restore))
                .list()
                .ofMaxSize(120);
    }

    @Property(tries = 100)
    void restoresChangeNothingAndEveryDecisionFollowsTheRules(@ForAll("steps") List<Step> steps)
            throws Exception {
        Outcome expected = expected(steps);

        assertThat(run(steps, false)).isEqualTo(expected);
        assertThat(run(steps, true)).isEqualTo(expected);
    }

    /**
     * The partition's watermark before each step: the newest event time sent before it, less the
     * out-of-orderness and a millisecond (BoundedOutOfOrdernessWatermarks).
     */
    private static long[] partitionWatermarks(List<Step> steps) {
        long[] watermarks = new long[steps.size()];
        long newest = Long.MIN_VALUE;
        for (int index = 0; index < steps.size(); index++) {
            watermarks[index] =
                    newest == Long.MIN_VALUE
                            ? Long.MIN_VALUE
                            : newest - OUT_OF_ORDERNESS_MILLIS - 1;
            if (steps.get(index) instanceof Send send) {
                newest = Math.max(newest, send.eventTime());
            }
        }
        return watermarks;
    }

    /** The rules, computed from the readings alone: what a correct operator does. */
    private static Outcome expected(List<Step> steps) {
        List<String> admitted = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        Map<String, Long> rememberedUntil = new HashMap<>();
        long[] watermarks = partitionWatermarks(steps);
        for (int index = 0; index < steps.size(); index++) {
            long watermark = watermarks[index];
            if (steps.get(index) instanceof Send send) {
                long time = send.eventTime();
                String key = send.animal() + "/" + send.id();
                long windowEnd =
                        Math.floorDiv(time, WINDOW.toMillis()) * WINDOW.toMillis()
                                + WINDOW.toMillis();
                long dropped = windowEnd - 1 + LATENESS.toMillis();
                Long until = rememberedUntil.get(key);
                if (until != null && until > watermark) {
                    rejected.add(index + " DUPLICATE");
                    continue;
                }
                if (dropped + HORIZON.toMillis() > watermark) {
                    rememberedUntil.put(key, dropped + HORIZON.toMillis());
                }
                boolean late = dropped <= watermark;
                if (late) {
                    rejected.add(index + " LATE");
                }
                admitted.add(describe(send, late));
            }
        }
        return new Outcome(admitted, rejected);
    }

    private static String describe(Send send, boolean late) {
        return "cow-"
                + send.animal()
                + " "
                + idOf(send.id())
                + " "
                + send.eventTime()
                + (late ? " late" : "");
    }

    private static String idOf(int id) {
        return "00000000-0000-4000-8000-%012d".formatted(id);
    }

    private static Outcome run(List<Step> steps, boolean restore) throws Exception {
        List<String> admitted = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        var harness = open(null);
        long checkpoint = 0;
        long harnessWatermark = Long.MIN_VALUE;
        long[] partitionWatermarks = partitionWatermarks(steps);
        for (int index = 0; index < steps.size(); index++) {
            Step step = steps.get(index);
            if (step instanceof Send send) {
                long time = send.eventTime();
                SourcedReading sourced =
                        new SourcedReading(
                                new KafkaPosition("t", 0, index),
                                new byte[0],
                                new Reading(
                                        1,
                                        idOf(send.id()),
                                        "farm",
                                        "cow-" + send.animal(),
                                        "bolus",
                                        Instant.ofEpochMilli(time),
                                        38.5,
                                        1,
                                        1,
                                        null,
                                        null));
                harness.processElement(
                        new StampedReading(sourced, partitionWatermarks[index]), time);
            } else if (step instanceof Advance advance) {
                // Flink's watermarks only rise, but a restored operator sees them rise again from
                // nothing, as the sources replay.
                long to = Math.min(T0 + advance.offsetMillis(), partitionWatermarks[index]);
                if (to > harnessWatermark) {
                    harnessWatermark = to;
                    harness.processWatermark(new Watermark(harnessWatermark));
                }
            } else if (restore) {
                OperatorSubtaskState snapshot = harness.snapshot(++checkpoint, 0);
                drain(harness, admitted, rejected);
                harness.close();
                harness = open(snapshot);
                harnessWatermark = Long.MIN_VALUE;
            }
        }
        drain(harness, admitted, rejected);
        // The end of event time: every id is forgotten, nothing stays in state.
        harness.processWatermark(new Watermark(Long.MAX_VALUE));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        harness.close();
        return new Outcome(admitted, rejected);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, StampedReading, Admitted> open(
            OperatorSubtaskState snapshot) throws Exception {
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new AdmitReadings(new Lateness(WINDOW, LATENESS), HORIZON),
                        StampedReading::animalId,
                        Types.STRING);
        harness.setProcessingTime(RECEIVED_AT);
        if (snapshot != null) {
            harness.initializeState(snapshot);
        }
        harness.open();
        return harness;
    }

    /** Moves what the harness emitted so far into the lists, in order. */
    private static void drain(
            KeyedOneInputStreamOperatorTestHarness<String, StampedReading, Admitted> harness,
            List<String> admitted,
            List<String> rejected) {
        for (Admitted a : harness.extractOutputValues()) {
            Reading r = a.reading();
            admitted.add(
                    r.animalId()
                            + " "
                            + r.readingId()
                            + " "
                            + r.timestamp().toEpochMilli()
                            + (a.late() ? " late" : ""));
        }
        var side = harness.getSideOutput(AdmitReadings.REJECTED);
        if (side != null) {
            for (StreamRecord<Rejected> record : side) {
                Rejected reject = record.getValue();
                rejected.add(reject.position().offset() + " " + reject.reason());
            }
        }
    }
}
