package io.herdpulse.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.job.admit.Admitted;
import io.herdpulse.job.admit.RandomArrivals;
import io.herdpulse.job.admit.RandomArrivals.Send;
import io.herdpulse.job.admit.RandomArrivals.Step;
import io.herdpulse.job.admit.RandomArrivals.Verdict;
import io.herdpulse.job.admit.StampedReading;
import io.herdpulse.job.stats.AnimalStats;
import io.herdpulse.job.stats.AnimalTotals;
import io.herdpulse.job.stats.FarmStats;
import io.herdpulse.model.Reading;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.operators.windowing.WindowOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * The windows per animal and per farm, the job's own operators (taken from its topology, built from
 * its command line), fed as the job chains them: {@link RandomArrivals}' readings through the
 * de-duplication and lateness guard, those it admits on time into the animal windows, their firings
 * into the farm windows, with Flink watermarks at random moments and restores from a snapshot of
 * all three at random points (restored operators start without a watermark, as after a real
 * failure). No window ever drops a reading the guard let through as on time (that would be a
 * reading lost without a row in {@code rejected_readings}): the latest firing of each window counts
 * exactly the readings the rules admit on time, computed here from the input alone, and a restored
 * run writes the rows of an uninterrupted one.
 */
class WindowsPropertyTest {
    private static final double FEVER_C = 39.7;

    /** The job's own operators, at the options RandomArrivals' rules assume. */
    private static final JobOperators JOB =
            new JobOperators(
                    "--window=" + RandomArrivals.WINDOW,
                    "--allowed-lateness=" + RandomArrivals.LATENESS,
                    "--out-of-orderness=" + RandomArrivals.OUT_OF_ORDERNESS,
                    "--dedup-horizon=" + RandomArrivals.HORIZON,
                    "--fever-c=" + FEVER_C);

    /** A row's key: an animal's or a farm's window. */
    record Window(String id, long start, long end) {}

    /** An animal_health_stats row: its columns as the job fills them, but its key and times. */
    record AnimalRow(
            String farm,
            int readings,
            double tempAvg,
            double tempMin,
            double tempMax,
            double activityAvg,
            double rumination,
            double water,
            Double phAvg,
            Double phMin) {}

    /** A farm_health_stats row. */
    record FarmRow(int animals, int readings, double tempAvg, int animalsWithFever) {}

    /** The latest firing of every window, and how many records each window operator dropped. */
    record Rows(
            Map<Window, AnimalRow> animals,
            Map<Window, FarmRow> farms,
            long animalWindowDrops,
            long farmWindowDrops) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        return RandomArrivals.flowingSteps();
    }

    @Property(tries = 60)
    void everyReadingAdmittedOnTimeIsCountedInTheLatestFiringOfItsAnimalsWindow(
            @ForAll("steps") List<Step> steps) throws Exception {
        Rows rows = run(steps, false);

        assertThat(rows.animalWindowDrops()).as("readings the animal windows dropped").isZero();
        assertThat(rows.animals()).isEqualTo(expectedAnimalRows(steps));
    }

    @Property(tries = 60)
    void everyAnimalIsCountedOnceInTheLatestFiringOfItsFarmsWindow(
            @ForAll("steps") List<Step> steps) throws Exception {
        Rows rows = run(steps, false);

        assertThat(rows.farmWindowDrops()).as("animal rows the farm windows dropped").isZero();
        assertThat(rows.farms()).isEqualTo(expectedFarmRows(steps));
    }

    @Property(tries = 60)
    void aRunRestoredAtRandomPointsWritesTheAnimalRowsOfAnUninterruptedRun(
            @ForAll("steps") List<Step> steps) throws Exception {
        Rows restored = run(steps, true);

        assertThat(restored.animalWindowDrops()).as("readings the animal windows dropped").isZero();
        assertThat(restored.animals()).isEqualTo(run(steps, false).animals());
    }

    @Property(tries = 60)
    void aRunRestoredAtRandomPointsWritesTheFarmRowsOfAnUninterruptedRun(
            @ForAll("steps") List<Step> steps) throws Exception {
        Rows restored = run(steps, true);

        assertThat(restored.farmWindowDrops()).as("animal rows the farm windows dropped").isZero();
        assertThat(restored.farms()).isEqualTo(run(steps, false).farms());
    }

    /** The readings the rules admit on time, by the animal and start of their window. */
    private static Map<Window, List<Reading>> onTimeByAnimalWindow(List<Step> steps) {
        Verdict[] verdicts = RandomArrivals.verdicts(steps);
        Map<Window, List<Reading>> byWindow = new HashMap<>();
        for (int index = 0; index < steps.size(); index++) {
            if (steps.get(index) instanceof Send send && verdicts[index] == Verdict.ON_TIME) {
                long start = RandomArrivals.windowStart(send.eventTime());
                long end = start + RandomArrivals.WINDOW.toMillis();
                byWindow.computeIfAbsent(
                                new Window(send.animalId(), start, end), w -> new ArrayList<>())
                        .add(send.reading());
            }
        }
        return byWindow;
    }

    private static Map<Window, AnimalRow> expectedAnimalRows(List<Step> steps) {
        Map<Window, AnimalRow> rows = new HashMap<>();
        onTimeByAnimalWindow(steps)
                .forEach(
                        (window, readings) -> {
                            List<Double> ph =
                                    readings.stream()
                                            .map(Reading::rumenPh)
                                            .filter(p -> p != null)
                                            .toList();
                            rows.put(
                                    window,
                                    new AnimalRow(
                                            readings.get(0).farmId(),
                                            readings.size(),
                                            sum(readings, Reading::rumenTempC) / readings.size(),
                                            readings.stream()
                                                    .mapToDouble(Reading::rumenTempC)
                                                    .min()
                                                    .orElseThrow(),
                                            maxTemperature(readings),
                                            sum(readings, Reading::activity) / readings.size(),
                                            sum(readings, Reading::ruminationMin),
                                            sum(
                                                    readings,
                                                    r ->
                                                            r.waterIntakeL() == null
                                                                    ? 0
                                                                    : r.waterIntakeL()),
                                            ph.isEmpty()
                                                    ? null
                                                    : ph.stream().mapToDouble(p -> p).sum()
                                                            / ph.size(),
                                            ph.stream().min(Double::compare).orElse(null)));
                        });
        return rows;
    }

    /** Per farm and window: its animals with a reading on time, their readings, and fevers. */
    private static Map<Window, FarmRow> expectedFarmRows(List<Step> steps) {
        Map<Window, Set<String>> animals = new HashMap<>();
        Map<Window, List<Reading>> readings = new HashMap<>();
        Map<Window, Integer> withFever = new HashMap<>();
        onTimeByAnimalWindow(steps)
                .forEach(
                        (window, ofAnimal) -> {
                            // An animal stays on its farm here (RandomArrivals).
                            Window farm =
                                    new Window(
                                            ofAnimal.get(0).farmId(), window.start(), window.end());
                            animals.computeIfAbsent(farm, f -> new HashSet<>()).add(window.id());
                            readings.computeIfAbsent(farm, f -> new ArrayList<>()).addAll(ofAnimal);
                            withFever.merge(
                                    farm,
                                    maxTemperature(ofAnimal) >= FEVER_C ? 1 : 0,
                                    Integer::sum);
                        });
        Map<Window, FarmRow> rows = new HashMap<>();
        readings.forEach(
                (farm, all) ->
                        rows.put(
                                farm,
                                new FarmRow(
                                        animals.get(farm).size(),
                                        all.size(),
                                        sum(all, Reading::rumenTempC) / all.size(),
                                        withFever.get(farm))));
        return rows;
    }

    private static double sum(List<Reading> readings, ToDoubleFunction<Reading> value) {
        return readings.stream().mapToDouble(value).sum();
    }

    private static double maxTemperature(List<Reading> readings) {
        return readings.stream().mapToDouble(Reading::rumenTempC).max().orElseThrow();
    }

    private static Rows run(List<Step> steps, boolean restoring) throws Exception {
        var run =
                new RandomArrivals.Receiver() {
                    ChainedWindows job = new ChainedWindows(null);
                    long checkpoint = 0;

                    @Override
                    public void send(StampedReading reading, long eventTime) throws Exception {
                        job.send(reading, eventTime);
                    }

                    @Override
                    public void watermark(long to) throws Exception {
                        job.advance(to);
                    }

                    @Override
                    public void restore() throws Exception {
                        ChainedWindows restored =
                                new ChainedWindows(job.snapshotAndFail(++checkpoint));
                        job = restored.takeOver(job);
                    }
                };
        try {
            RandomArrivals.replay(steps, restoring, run);
            return run.job.finish();
        } finally {
            run.job.close();
        }
    }

    /** A snapshot of the three operators, taken at one checkpoint. */
    private record Snapshot(
            OperatorSubtaskState admit, OperatorSubtaskState animals, OperatorSubtaskState farms) {}

    /**
     * The lateness guard, the animal window and the farm window in harnesses, each record passed on
     * as the job passes it: the admitted readings on time to the animal window, the animal rows to
     * the farm window with their timestamps, every watermark through all three in order.
     */
    private static final class ChainedWindows implements AutoCloseable {
        private final KeyedOneInputStreamOperatorTestHarness<String, StampedReading, Object> admit;
        private final KeyedOneInputStreamOperatorTestHarness<String, Reading, Object> animals;
        private final KeyedOneInputStreamOperatorTestHarness<String, AnimalStats, Object> farms;
        private Map<Window, AnimalRow> animalRows = new HashMap<>();
        private Map<Window, FarmRow> farmRows = new HashMap<>();
        private long animalWindowDrops;
        private long farmWindowDrops;
        private long watermark = Long.MIN_VALUE;

        /** Fresh operators, or restored from {@code snapshot}: without a watermark either way. */
        ChainedWindows(Snapshot snapshot) throws Exception {
            admit = JOB.harness("lateness-guard", StampedReading::animalId);
            animals = JOB.harness("animal-window", Reading::animalId);
            farms = JOB.harness("farm-window", AnimalStats::farmId);
            if (snapshot != null) {
                admit.initializeState(snapshot.admit());
                animals.initializeState(snapshot.animals());
                farms.initializeState(snapshot.farms());
            }
            admit.open();
            animals.open();
            farms.open();
        }

        /** Carries on the rows and drops of the failed run, which is closed. */
        ChainedWindows takeOver(ChainedWindows failed) throws Exception {
            failed.countDrops();
            animalRows = failed.animalRows;
            farmRows = failed.farmRows;
            animalWindowDrops = failed.animalWindowDrops;
            farmWindowDrops = failed.farmWindowDrops;
            failed.close();
            return this;
        }

        void send(StampedReading reading, long time) throws Exception {
            admit.processElement(reading, time);
            for (StreamRecord<?> record : records(admit)) {
                Admitted admitted = (Admitted) record.getValue();
                if (admitted.onTime()) {
                    animals.processElement(admitted.reading(), time);
                    passOnAnimalRows();
                }
            }
        }

        /** Flink's watermark moves to {@code to}, unless it is already there. */
        void advance(long to) throws Exception {
            if (to <= watermark) {
                return;
            }
            watermark = to;
            admit.processWatermark(new Watermark(to));
            records(admit);
            animals.processWatermark(new Watermark(to));
            passOnAnimalRows();
            farms.processWatermark(new Watermark(to));
            takeFarmRows();
        }

        Snapshot snapshotAndFail(long checkpoint) throws Exception {
            return new Snapshot(
                    admit.snapshot(checkpoint, 0),
                    animals.snapshot(checkpoint, 0),
                    farms.snapshot(checkpoint, 0));
        }

        /** The end of event time: every window fires and is dropped, no state is left. */
        Rows finish() throws Exception {
            advance(Long.MAX_VALUE);
            assertThat(animals.numKeyedStateEntries()).as("animal windows' state left").isZero();
            assertThat(animals.numEventTimeTimers()).as("animal windows' timers left").isZero();
            assertThat(farms.numKeyedStateEntries()).as("farm windows' state left").isZero();
            assertThat(farms.numEventTimeTimers()).as("farm windows' timers left").isZero();
            countDrops();
            return new Rows(animalRows, farmRows, animalWindowDrops, farmWindowDrops);
        }

        private void passOnAnimalRows() throws Exception {
            for (StreamRecord<?> record : records(animals)) {
                AnimalStats stats = (AnimalStats) record.getValue();
                AnimalTotals t = stats.totals();
                animalRows.put(
                        new Window(
                                stats.animalId(),
                                stats.windowStart().toEpochMilli(),
                                stats.windowEnd().toEpochMilli()),
                        new AnimalRow(
                                t.farmId(),
                                t.readings(),
                                t.tempAvg(),
                                t.tempMin(),
                                t.tempMax(),
                                t.activityAvg(),
                                t.ruminationSum(),
                                t.waterSum(),
                                t.phAvg(),
                                t.phMinimum()));
                farms.processElement(stats, record.getTimestamp());
            }
            takeFarmRows();
        }

        private void takeFarmRows() {
            for (StreamRecord<?> record : records(farms)) {
                FarmStats stats = (FarmStats) record.getValue();
                farmRows.put(
                        new Window(
                                stats.farmId(),
                                stats.windowStart().toEpochMilli(),
                                stats.windowEnd().toEpochMilli()),
                        new FarmRow(
                                stats.animals(),
                                stats.readings(),
                                stats.tempAvg(),
                                stats.animalsWithFever()));
            }
        }

        /** The records the harness emitted since the last call, in order; watermarks left out. */
        private static List<StreamRecord<?>> records(
                KeyedOneInputStreamOperatorTestHarness<String, ?, Object> harness) {
            List<StreamRecord<?>> records = new ArrayList<>();
            for (Object emitted : harness.getOutput()) {
                if (emitted instanceof StreamRecord<?> record) {
                    records.add(record);
                }
            }
            harness.getOutput().clear();
            return records;
        }

        private void countDrops() throws Exception {
            animalWindowDrops += lateRecordsDropped(animals);
            farmWindowDrops += lateRecordsDropped(farms);
        }

        /** WindowOperator's own count of the records it dropped as late (its metric). */
        private static long lateRecordsDropped(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h)
                throws Exception {
            Field counter = WindowOperator.class.getDeclaredField("numLateRecordsDropped");
            counter.setAccessible(true);
            return ((Counter) counter.get(h.getOperator())).getCount();
        }

        @Override
        public void close() throws Exception {
            admit.close();
            animals.close();
            farms.close();
        }
    }
}
