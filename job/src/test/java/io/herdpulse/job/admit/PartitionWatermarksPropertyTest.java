package io.herdpulse.job.admit;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.job.ingest.SourcedReading;
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
import net.jqwik.api.constraints.IntRange;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;

/**
 * PartitionWatermarks over random interleavings of readings of several partitions, in and out of
 * order, read by several subtasks that checkpoint, fail and come back at another parallelism at
 * random points (partitions then move between subtasks, as the Kafka source reassigns them): every
 * reading is stamped with what its partition's readings before it say, computed here from the
 * partitions alone, whatever the restores.
 */
class PartitionWatermarksPropertyTest {
    private static final long OUT_OF_ORDERNESS = 10_000;
    private static final long T0 = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
    private static final int PARTITIONS = 4;

    /** Something that happens to the job. */
    sealed interface Step permits Read, Rescale {}

    /** The next reading of a partition, at a time around the start. */
    record Read(int partition, long offsetMillis) implements Step {}

    /** A checkpoint, then every subtask fails and the job comes back at this parallelism. */
    record Rescale(int parallelism) implements Step {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> read =
                Combinators.combine(
                                Arbitraries.integers().between(0, PARTITIONS - 1),
                                Arbitraries.longs().between(-600_000, 3_600_000))
                        .as(Read::new);
        Arbitrary<Step> rescale = Arbitraries.integers().between(1, 3).map(Rescale::new);
        return Arbitraries.frequencyOf(Tuple.of(10, read), Tuple.of(1, rescale))
                .list()
                .ofMaxSize(150);
    }

    @Property(tries = 50)
    void everyReadingIsStampedByItsPartitionAloneWhateverTheRestores(
            @ForAll("steps") List<Step> steps, @ForAll @IntRange(min = 1, max = 3) int parallelism)
            throws Exception {
        assertThat(stamped(steps, parallelism)).isEqualTo(expected(steps));
    }

    /** Per reading, its partition's newest earlier time less the out-of-orderness and 1 ms. */
    private static List<Long> expected(List<Step> steps) {
        List<Long> stamps = new ArrayList<>();
        Map<Integer, Long> newest = new HashMap<>();
        for (Step step : steps) {
            if (step instanceof Read read) {
                Long before = newest.get(read.partition());
                stamps.add(before == null ? Long.MIN_VALUE : before - OUT_OF_ORDERNESS - 1);
                newest.merge(read.partition(), T0 + read.offsetMillis(), Math::max);
            }
        }
        return stamps;
    }

    private static List<Long> stamped(List<Step> steps, int initialParallelism) throws Exception {
        List<Long> stamps = new ArrayList<>();
        int parallelism = initialParallelism;
        List<OneInputStreamOperatorTestHarness<SourcedReading, StampedReading>> subtasks =
                open(parallelism, null, 0);
        long offset = 0;
        long checkpoint = 0;
        for (Step step : steps) {
            if (step instanceof Read read) {
                // The source's assignment: a partition goes to subtask partition mod parallelism.
                var subtask = subtasks.get(read.partition() % parallelism);
                long time = T0 + read.offsetMillis();
                subtask.processElement(
                        PartitionReadings.at(read.partition(), offset++, time), time);
                List<StampedReading> out = subtask.extractOutputValues();
                stamps.add(out.get(out.size() - 1).partitionWatermark());
            } else if (step instanceof Rescale rescale) {
                List<OperatorSubtaskState> snapshots = new ArrayList<>();
                for (var subtask : subtasks) {
                    snapshots.add(subtask.snapshot(++checkpoint, 0));
                    subtask.close();
                }
                OperatorSubtaskState all =
                        AbstractStreamOperatorTestHarness.repackageState(
                                snapshots.toArray(OperatorSubtaskState[]::new));
                subtasks = open(rescale.parallelism(), all, parallelism);
                parallelism = rescale.parallelism();
            }
        }
        for (var subtask : subtasks) {
            subtask.close();
        }
        return stamps;
    }

    private static List<OneInputStreamOperatorTestHarness<SourcedReading, StampedReading>> open(
            int parallelism, OperatorSubtaskState checkpoint, int checkpointedParallelism)
            throws Exception {
        List<OneInputStreamOperatorTestHarness<SourcedReading, StampedReading>> subtasks =
                new ArrayList<>();
        for (int index = 0; index < parallelism; index++) {
            var subtask =
                    new OneInputStreamOperatorTestHarness<>(
                            new ProcessOperator<>(
                                    new PartitionWatermarks(Duration.ofMillis(OUT_OF_ORDERNESS))),
                            10,
                            parallelism,
                            index);
            if (checkpoint != null) {
                subtask.initializeState(
                        AbstractStreamOperatorTestHarness.repartitionOperatorState(
                                checkpoint, 10, checkpointedParallelism, parallelism, index));
            }
            subtask.open();
            subtasks.add(subtask);
        }
        return subtasks;
    }
}
