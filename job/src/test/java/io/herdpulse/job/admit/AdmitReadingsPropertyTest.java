package io.herdpulse.job.admit;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.job.admit.RandomArrivals.Send;
import io.herdpulse.job.admit.RandomArrivals.Step;
import io.herdpulse.job.admit.RandomArrivals.Verdict;
import io.herdpulse.job.validation.Rejected;
import io.herdpulse.model.Reading;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
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
    private static final long RECEIVED_AT = 5_000;

    /** What came out: the admitted readings and the rejections, each in order. */
    record Outcome(List<String> admitted, List<String> rejected) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        return RandomArrivals.steps();
    }

    @Property(tries = 100)
    void restoresChangeNothingAndEveryDecisionFollowsTheRules(@ForAll("steps") List<Step> steps)
            throws Exception {
        Outcome expected = expected(steps);

        assertThat(run(steps, false)).isEqualTo(expected);
        assertThat(run(steps, true)).isEqualTo(expected);
    }

    /** The rules, computed from the readings alone: what a correct operator does. */
    private static Outcome expected(List<Step> steps) {
        List<String> admitted = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        Verdict[] verdicts = RandomArrivals.verdicts(steps);
        for (int index = 0; index < steps.size(); index++) {
            if (steps.get(index) instanceof Send send) {
                if (verdicts[index] != Verdict.ON_TIME) {
                    rejected.add(index + " " + verdicts[index]);
                }
                if (verdicts[index] != Verdict.DUPLICATE) {
                    admitted.add(describe(send, verdicts[index] == Verdict.LATE));
                }
            }
        }
        return new Outcome(admitted, rejected);
    }

    private static String describe(Send send, boolean late) {
        return send.animalId()
                + " "
                + RandomArrivals.idOf(send.id())
                + " "
                + send.eventTime()
                + (late ? " late" : "");
    }

    private static Outcome run(List<Step> steps, boolean restoring) throws Exception {
        List<String> admitted = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        var run =
                new RandomArrivals.Receiver() {
                    KeyedOneInputStreamOperatorTestHarness<String, StampedReading, Admitted>
                            harness = open(null);
                    long checkpoint = 0;
                    long watermark = Long.MIN_VALUE;

                    @Override
                    public void send(StampedReading reading, long eventTime) throws Exception {
                        harness.processElement(reading, eventTime);
                    }

                    @Override
                    public void watermark(long to) throws Exception {
                        // Flink's watermarks only rise, but a restored operator sees them rise
                        // again from nothing, as the sources replay.
                        if (to > watermark) {
                            watermark = to;
                            harness.processWatermark(new Watermark(watermark));
                        }
                    }

                    @Override
                    public void restore() throws Exception {
                        OperatorSubtaskState snapshot = harness.snapshot(++checkpoint, 0);
                        drain(harness, admitted, rejected);
                        harness.close();
                        harness = open(snapshot);
                        watermark = Long.MIN_VALUE;
                    }
                };
        RandomArrivals.replay(steps, restoring, run);
        var harness = run.harness;
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
                        new AdmitReadings(
                                new Lateness(RandomArrivals.WINDOW, RandomArrivals.LATENESS),
                                RandomArrivals.HORIZON),
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
