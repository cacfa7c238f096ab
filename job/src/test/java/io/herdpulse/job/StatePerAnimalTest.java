package io.herdpulse.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.alerts.Arrival;
import io.herdpulse.alerts.silence.FarmReport;
import io.herdpulse.job.admit.Admitted;
import io.herdpulse.job.admit.StampedReading;
import io.herdpulse.job.ingest.KafkaPosition;
import io.herdpulse.job.ingest.SourcedReading;
import io.herdpulse.model.Reading;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The checkpointed keyed state per animal of every operator keyed by animal — de-duplication and
 * lateness, the animal windows, the alert rules — once the alert rules' 7-day baselines are full.
 * The operators are the job's own, taken from the topology {@link HerdPulsePipeline} builds with
 * the job's serialization settings (no Kryo), and fed as the job feeds them. Per animal: the
 * snapshot of a herd minus that of a single animal, divided by the other animals, so the state's
 * fixed metadata does not count. Goal: at most 1 KB.
 */
class StatePerAnimalTest {
    private static final int ANIMALS = 101;
    private static final int DAYS = 8;
    private static final Duration INTERVAL = Duration.ofMinutes(10);
    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    private static final String[] OPERATORS = {"lateness-guard", "animal-window", "alert-rules"};

    @ParameterizedTest(name = "window {0}, pH bolus: {1}")
    @CsvSource({"PT1M, true", "PT1H, false"})
    void anAnimalKeepsAtMostOneKilobyteOfKeyedState(Duration window, boolean phBolus)
            throws Exception {
        Map<String, Long> herd = checkpointBytes(ANIMALS, window, phBolus);
        Map<String, Long> one = checkpointBytes(1, window, phBolus);
        long total = 0;
        StringBuilder breakdown = new StringBuilder();
        for (String operator : OPERATORS) {
            long perAnimal = (herd.get(operator) - one.get(operator)) / (ANIMALS - 1);
            breakdown.append(operator).append(' ').append(perAnimal).append(" B, ");
            total += perAnimal;
        }
        System.out.printf(
                "keyed state per animal (window %s, pH bolus: %s): %d bytes (%s)%n",
                window, phBolus, total, breakdown);

        assertThat(total).isLessThanOrEqualTo(1024);
    }

    /** Bytes of keyed state in a checkpoint of each operator, by uid. */
    private static Map<String, Long> checkpointBytes(int animals, Duration window, boolean phBolus)
            throws Exception {
        try (KeyedOperators operators = new KeyedOperators(window)) {
            Instant last = operators.feed(animals, INTERVAL, phBolus);
            return operators.checkpointBytes(last);
        }
    }

    /**
     * Heap per animal of the same operators' state as Java objects, which is what the stack sizes
     * the TaskManager by (8 KB per animal: twice this goal, for garbage collection and
     * copy-on-write checkpoints). Hourly readings keep the run short; the alert rules' buckets are
     * hourly anyway. Opt-in, as a benchmark: {@code -Dtest=StatePerAnimalTest
     * -Dherdpulse.benchmark.heap-animals=20000}.
     */
    @Test
    @EnabledIfSystemProperty(named = "herdpulse.benchmark.heap-animals", matches = "\\d+")
    void anAnimalTakesAtMostFourKilobytesOfHeap() throws Exception {
        int animals = Integer.getInteger("herdpulse.benchmark.heap-animals");
        long before = usedHeapAfterGc();
        try (KeyedOperators operators = new KeyedOperators(Duration.ofHours(1))) {
            operators.feed(animals, Duration.ofHours(1), true);
            long perAnimal = (usedHeapAfterGc() - before) / animals;
            System.out.printf(
                    "heap per animal (window PT1H, pH bolus, %d animals): %d bytes%n",
                    animals, perAnimal);

            assertThat(perAnimal).isLessThanOrEqualTo(4096);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** The job's three operators keyed by animal, in harnesses, fed as the job chains them. */
    private static final class KeyedOperators implements AutoCloseable {
        private final KeyedOneInputStreamOperatorTestHarness<String, StampedReading, Object> admit;
        private final KeyedOneInputStreamOperatorTestHarness<String, Reading, Object> windows;
        private final KeyedTwoInputStreamOperatorTestHarness<String, Arrival, FarmReport, Object>
                alerts;

        KeyedOperators(Duration window) throws Exception {
            JobOperators operators = new JobOperators("--window=" + window);
            admit = operators.harness("lateness-guard", StampedReading::animalId);
            windows = operators.harness("animal-window", Reading::animalId);
            alerts = operators.twoInputHarness("alert-rules", Arrival::animalId);
            admit.open();
            windows.open();
            alerts.open();
        }

        /** Eight days of readings of each animal; returns the time of the last. */
        Instant feed(int animals, Duration interval, boolean phBolus) throws Exception {
            int steps = (int) (Duration.ofDays(DAYS).toMillis() / interval.toMillis());
            Instant t = START;
            long offset = 0;
            for (int step = 0; step < steps; step++) {
                t = START.plus(interval.multipliedBy(step));
                for (int animal = 0; animal < animals; animal++) {
                    Reading reading = reading(animal, step, t, phBolus);
                    admit.processElement(
                            new StampedReading(
                                    new SourcedReading(
                                            new KafkaPosition("t", 0, offset++),
                                            new byte[80],
                                            reading,
                                            SourcedReading.NOT_STAMPED),
                                    Long.MIN_VALUE),
                            t.toEpochMilli());
                    // As the job chains them: every admitted reading to the alert rules, the
                    // ones on time to the windows.
                    for (Object out : admit.extractOutputValues()) {
                        Admitted admitted = (Admitted) out;
                        long time = admitted.reading().timestamp().toEpochMilli();
                        alerts.processElement1(admitted.arrival(), time);
                        if (admitted.onTime()) {
                            windows.processElement(admitted.reading(), time);
                        }
                    }
                    admit.getOutput().clear();
                    windows.getOutput().clear();
                    alerts.getOutput().clear();
                }
                watermark(t.toEpochMilli());
            }
            // A checkpoint between readings, as most are: nothing waits for the watermark.
            watermark(t.plus(Duration.ofMinutes(1)).toEpochMilli());
            return t;
        }

        private void watermark(long time) throws Exception {
            Watermark watermark = new Watermark(time);
            admit.processWatermark(watermark);
            windows.processWatermark(watermark);
            alerts.processBothWatermarks(watermark);
            windows.getOutput().clear();
            alerts.getOutput().clear();
        }

        Map<String, Long> checkpointBytes(Instant at) throws Exception {
            Map<String, Long> bytes = new LinkedHashMap<>();
            bytes.put("lateness-guard", keyedBytes(admit.snapshot(1, at.toEpochMilli())));
            bytes.put("animal-window", keyedBytes(windows.snapshot(1, at.toEpochMilli())));
            bytes.put("alert-rules", keyedBytes(alerts.snapshot(1, at.toEpochMilli())));
            return bytes;
        }

        @Override
        public void close() throws Exception {
            admit.close();
            windows.close();
            alerts.close();
        }
    }

    private static Reading reading(int animal, int step, Instant t, boolean phBolus) {
        return new Reading(
                1,
                new UUID(animal, step).toString(),
                "farm-1",
                String.format("cow-%04d", animal),
                "bolus-" + animal,
                t,
                38.8 + 0.01 * (step % 7),
                10 + step % 5,
                3 + step % 3,
                null,
                phBolus ? 6.3 : null);
    }

    private static long keyedBytes(OperatorSubtaskState snapshot) {
        long bytes = 0;
        for (KeyedStateHandle handle : snapshot.getManagedKeyedState()) {
            bytes += handle.getStateSize();
        }
        return bytes;
    }
}
