package io.herdpulse.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.herdpulse.job.HerdScenario.AnimalRow;
import io.herdpulse.job.HerdScenario.FarmRow;
import io.herdpulse.job.config.JobConfig;
import io.herdpulse.model.Reading;
import io.herdpulse.model.ReadingJson;
import io.herdpulse.stack.kafka.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures the job end to end, Kafka to PostgreSQL, on a MiniCluster at parallelism 2, against its
 * baseline, {@link SqlBaselineJob}, the same job in Flink SQL: a backlog of readings is produced
 * once, then each round runs both as bounded jobs over the whole backlog, each into a fresh
 * database, and times them from submission to FINISHED. The order alternates from round to round,
 * so neither always runs in the warmer JVM. Runs only when asked:
 *
 * <pre>mvn -B -pl job -am verify -Dtest=none -Dit.test=ThroughputBenchmarkIT \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
 *     -Dherdpulse.benchmark.readings=200000 [-Dherdpulse.benchmark.rounds=2] \
 *     [-Dherdpulse.benchmark.alerts=true]</pre>
 */
@EnabledIfSystemProperty(named = "herdpulse.benchmark.readings", matches = "\\d+")
class ThroughputBenchmarkIT {
    private static final int ANIMALS = 1000;
    private static final Instant T0 = Instant.parse("2026-01-05T06:00:00Z");

    /** Animals whose every row is compared between the two jobs. */
    private static final List<Integer> SAMPLE = List.of(0, 1, 500, 999);

    @RegisterExtension static final MiniClusterExtension FLINK = PipelineHarness.miniCluster(1, 2);

    private interface Job {
        void runToEnd(StreamExecutionEnvironment env, PipelineHarness run) throws Exception;
    }

    /**
     * Our job as {@code main} builds it, but without alert rules, which the SQL baseline cannot
     * express: both do the same work. With {@code -Dherdpulse.benchmark.alerts=true} the job's own
     * alert rules run too, as on the stack, to profile the whole job.
     */
    private static final Job OURS =
            (env, run) ->
                    (Boolean.getBoolean("herdpulse.benchmark.alerts")
                                    ? run.start(
                                            env,
                                            defaults(run),
                                            OffsetsInitializer.latest(),
                                            HerdPulseJob.alertRules(defaults(run).alerts()))
                                    : run.startWithoutAlerts(
                                            env, defaults(run), OffsetsInitializer.latest()))
                            .getJobExecutionResult()
                            .get();

    private static final Job SQL = (env, run) -> SqlBaselineJob.start(env, defaults(run)).await();

    /** Both jobs run with the job's default options, as a bounded run over the backlog. */
    private static JobConfig defaults(PipelineHarness run) {
        return run.configFor(List.of());
    }

    private record Measured(PipelineHarness run, double seconds, int readings) {
        double readingsPerSecond() {
            return readings / seconds;
        }
    }

    @Test
    void measuresTheJobAgainstItsFlinkSqlBaselineOnTheSameBacklog(@TempDir Path kafkaDir)
            throws Exception {
        int readings = Integer.getInteger("herdpulse.benchmark.readings");
        int rounds = Integer.getInteger("herdpulse.benchmark.rounds", 2);
        try (KafkaBroker broker = KafkaBroker.startForTests(kafkaDir)) {
            PipelineHarness backlog = new PipelineHarness(broker, "benchmark", 4);
            long produceStart = System.nanoTime();
            try (KafkaProducer<byte[], byte[]> producer = backlog.producer()) {
                for (int i = 0; i < readings; i++) {
                    Reading reading = reading(i);
                    producer.send(
                            new ProducerRecord<>(
                                    backlog.topic,
                                    reading.animalId().getBytes(StandardCharsets.UTF_8),
                                    ReadingJson.toJson(reading)));
                }
            }
            double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
            System.out.printf(
                    "BENCHMARK readings=%d animals=%d windows=%d produced in %.1f s;"
                            + " each run: submit (incl. planning and start-up) to FINISHED%n",
                    readings, ANIMALS, (readings + ANIMALS - 1) / ANIMALS, produceSeconds);

            // Round 0 warms the JVM up (class loading, JIT, the planner): the first job of a JVM
            // runs several times slower than the same job later, whichever goes first.
            List<Double> ratios = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) {
                Measured ours;
                Measured sql;
                if (round % 2 == 1) {
                    ours = measure(OURS, backlog, "ours", readings);
                    sql = measure(SQL, backlog, "sql", readings);
                } else {
                    sql = measure(SQL, backlog, "sql", readings);
                    ours = measure(OURS, backlog, "ours", readings);
                }
                assertSameWork(ours.run(), sql.run(), readings);
                double ratio = ours.readingsPerSecond() / sql.readingsPerSecond();
                if (round > 0) {
                    ratios.add(ratio);
                }
                System.out.printf(
                        "BENCHMARK %s (%s first): ours %.1f s = %.0f readings/s;"
                                + " Flink SQL %.1f s = %.0f readings/s; ratio ours/SQL %.2f%n",
                        round == 0 ? "warm-up round, not counted" : "round " + round,
                        round % 2 == 1 ? "ours" : "SQL",
                        ours.seconds(),
                        ours.readingsPerSecond(),
                        sql.seconds(),
                        sql.readingsPerSecond(),
                        ratio);
            }
            System.out.printf(
                    "BENCHMARK readings=%d rounds=%d median ratio ours/SQL %.2f (per round: %s)%n",
                    readings,
                    rounds,
                    median(ratios),
                    ratios.stream()
                            .map(ratio -> String.format(Locale.ROOT, "%.2f", ratio))
                            .collect(Collectors.joining(", ")));
        }
    }

    private static Measured measure(Job job, PipelineHarness backlog, String name, int readings)
            throws Exception {
        PipelineHarness run = backlog.withNewDatabase(name);
        long start = System.nanoTime();
        job.runToEnd(StreamExecutionEnvironment.getExecutionEnvironment(), run);
        double seconds = (System.nanoTime() - start) / 1e9;
        // One row per reading (see reading(i)) and every reading counted once at farm level.
        assertThat(run.count("SELECT count(*) FROM herdpulse.animal_health_stats"))
                .as("%s: animal rows", name)
                .isEqualTo(readings);
        assertThat(run.count("SELECT sum(readings) FROM herdpulse.farm_health_stats"))
                .as("%s: readings of the farm rows", name)
                .isEqualTo(readings);
        return new Measured(run, seconds, readings);
    }

    /**
     * The two jobs wrote the same rows: the same counts, a sample of animals' rows exactly as the
     * readings make them, every farm row equal, its average up to the order in which the doubles
     * were added.
     */
    private static void assertSameWork(PipelineHarness ours, PipelineHarness sql, int readings)
            throws SQLException {
        assertThat(sql.count("SELECT sum(readings) FROM herdpulse.animal_health_stats"))
                .isEqualTo(ours.count("SELECT sum(readings) FROM herdpulse.animal_health_stats"))
                .isEqualTo(readings);
        String sample =
                SAMPLE.stream()
                        .map(animal -> "'cow-" + animal + "'")
                        .collect(Collectors.joining(", ", "animal_id IN (", ")"));
        List<AnimalRow> expectedSample = new ArrayList<>();
        for (int animal : SAMPLE) {
            for (int i = animal; i < readings; i += ANIMALS) {
                expectedSample.add(onlyReadingOfItsWindow(reading(i)));
            }
        }
        List<AnimalRow> oursSample = ours.animalRowsWhere(sample);
        assertThat(oursSample).containsExactlyInAnyOrderElementsOf(expectedSample);
        assertThat(sql.animalRowsWhere(sample)).containsExactlyElementsOf(oursSample);

        List<FarmRow> oursFarms = ours.farmRows();
        List<FarmRow> sqlFarms = sql.farmRows();
        assertThat(sqlFarms).hasSameSizeAs(oursFarms);
        for (int i = 0; i < oursFarms.size(); i++) {
            FarmRow expected = oursFarms.get(i);
            FarmRow actual = sqlFarms.get(i);
            assertThat(actual.tempAvg()).isCloseTo(expected.tempAvg(), within(1e-9));
            assertThat(actual)
                    .usingRecursiveComparison()
                    .ignoringFields("tempAvg")
                    .isEqualTo(expected);
        }
    }

    private static AnimalRow onlyReadingOfItsWindow(Reading reading) {
        Instant windowStart = reading.timestamp().truncatedTo(ChronoUnit.MINUTES);
        return new AnimalRow(
                reading.animalId(),
                windowStart,
                reading.farmId(),
                windowStart.plus(Duration.ofMinutes(1)),
                1,
                reading.rumenTempC(),
                reading.rumenTempC(),
                reading.rumenTempC(),
                reading.activity(),
                reading.ruminationMin(),
                reading.waterIntakeL(),
                reading.rumenPh(),
                reading.rumenPh());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1
                ? sorted.get(middle)
                : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /**
     * Animal {@code i % 1000} reports once a minute: with 1-minute windows, one row per reading.
     */
    private static Reading reading(int i) {
        int animal = i % ANIMALS;
        int step = i / ANIMALS;
        String animalId = "cow-" + animal;
        Instant timestamp = T0.plus(Duration.ofMinutes(step)).plusMillis(animal);
        return new Reading(
                1,
                UUID.nameUUIDFromBytes((animalId + timestamp).getBytes(StandardCharsets.UTF_8))
                        .toString(),
                animal % 2 == 0 ? "farm-even" : "farm-odd",
                animalId,
                "bolus-" + animal,
                timestamp,
                38.0 + (i % 20) * 0.1,
                i % 50,
                i % 10,
                (double) (i % 7),
                animal % 3 == 0 ? 6.0 + (i % 10) * 0.1 : null);
    }
}
