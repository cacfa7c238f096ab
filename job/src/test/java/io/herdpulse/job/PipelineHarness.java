package io.herdpulse.job;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herdpulse.alerts.Arrival;
import io.herdpulse.job.HerdScenario.AlertRow;
import io.herdpulse.job.HerdScenario.AnimalRow;
import io.herdpulse.job.HerdScenario.FarmRow;
import io.herdpulse.job.HerdScenario.Message;
import io.herdpulse.job.HerdScenario.Phase;
import io.herdpulse.job.HerdScenario.Position;
import io.herdpulse.job.config.JobCommandLine;
import io.herdpulse.job.config.JobConfig;
import io.herdpulse.job.ingest.KafkaIngest;
import io.herdpulse.job.sink.JdbcSinks;
import io.herdpulse.model.AlertKind;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Reading;
import io.herdpulse.model.ReadingJson;
import io.herdpulse.model.Severity;
import io.herdpulse.schema.Migrations;
import io.herdpulse.schema.Role;
import io.herdpulse.stack.kafka.KafkaBroker;
import io.herdpulse.testing.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.core.ThrowingRunnable;

/**
 * One run of the real job topology for a test: a fresh topic on the real broker, a fresh migrated
 * database on the real PostgreSQL, the job's own Kafka source and JDBC sinks, writing as the writer
 * role.
 */
final class PipelineHarness {
    private static final String WRITER_PASSWORD = "writer-test-password";

    final String topic;
    final String database;
    private final KafkaBroker broker;
    private final TestPostgres postgres = TestPostgres.get();

    /** A Flink MiniCluster of these TaskManagers and slots, as a test class's extension. */
    static MiniClusterExtension miniCluster(int taskManagers, int slotsPerTaskManager) {
        return miniCluster(taskManagers, slotsPerTaskManager, new Configuration());
    }

    /** The same, reporting every metric of its jobs to {@code metrics}. */
    static MiniClusterExtension miniCluster(
            int taskManagers, int slotsPerTaskManager, InMemoryReporter metrics) {
        return miniCluster(
                taskManagers, slotsPerTaskManager, metrics.addToConfiguration(new Configuration()));
    }

    private static MiniClusterExtension miniCluster(
            int taskManagers, int slotsPerTaskManager, Configuration configuration) {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setConfiguration(configuration)
                        .setNumberTaskManagers(taskManagers)
                        .setNumberSlotsPerTaskManager(slotsPerTaskManager)
                        .build());
    }

    PipelineHarness(KafkaBroker broker, String name, int partitions) throws SQLException {
        this(broker, name + "-" + System.nanoTime(), migratedDatabase(name));
        broker.createTopic(topic, partitions);
    }

    private PipelineHarness(KafkaBroker broker, String topic, String database) {
        this.broker = broker;
        this.topic = topic;
        this.database = database;
    }

    /**
     * A harness on the topic of exactly this name, with a fresh migrated database: a savepoint's
     * source names the topic it read.
     */
    static PipelineHarness onTopic(KafkaBroker broker, String topic, int partitions)
            throws SQLException {
        PipelineHarness harness = new PipelineHarness(broker, topic, migratedDatabase(topic));
        broker.createTopic(topic, partitions);
        return harness;
    }

    /** Another run on the same topic, writing into a fresh migrated database of its own. */
    PipelineHarness withNewDatabase(String name) throws SQLException {
        return new PipelineHarness(broker, topic, migratedDatabase(name));
    }

    private static String migratedDatabase(String name) throws SQLException {
        TestPostgres postgres = TestPostgres.get();
        String database = postgres.newDatabase(name);
        String url = postgres.jdbcUrl(database);
        Migrations.apply(url, postgres.adminUser(), postgres.adminPassword());
        Migrations.setPasswords(
                url,
                postgres.adminUser(),
                postgres.adminPassword(),
                Map.of(Role.WRITER, WRITER_PASSWORD));
        return database;
    }

    /** The job's configuration for {@link HerdScenario}, through its real command line. */
    JobConfig config(String... extraArgs) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--window=" + HerdScenario.WINDOW,
                                "--out-of-orderness=" + HerdScenario.OUT_OF_ORDERNESS,
                                "--allowed-lateness=" + HerdScenario.ALLOWED_LATENESS,
                                "--dedup-horizon=" + HerdScenario.DEDUP_HORIZON,
                                // Longer than the test: a partition waiting for phase B must not go
                                // idle and let the others' watermark make its readings late.
                                "--idleness=PT10M",
                                "--fever-c=" + HerdScenario.FEVER_C,
                                "--sink-batch-interval=PT0.1S"));
        args.addAll(List.of(extraArgs));
        return configFor(args);
    }

    /**
     * The job's configuration with these options, through its real command line: a bounded run over
     * this harness's topic into its database.
     */
    JobConfig configFor(List<String> options) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--bootstrap-servers=" + broker.bootstrapServers(),
                                "--topic=" + topic,
                                "--group-id=" + topic,
                                "--bounded",
                                "--db-url=" + postgres.jdbcUrl(database)));
        if (options.stream().noneMatch(option -> option.startsWith("--starting-offsets"))) {
            args.add("--starting-offsets=earliest");
        }
        args.addAll(options);
        StringWriter errors = new StringWriter();
        return JobCommandLine.parse(
                        Map.of(JobCommandLine.PASSWORD_ENV, WRITER_PASSWORD),
                        new PrintWriter(new StringWriter()),
                        new PrintWriter(errors),
                        code -> {
                            throw new IllegalArgumentException(errors.toString());
                        },
                        args.toArray(String[]::new))
                .orElseThrow();
    }

    /** Where a bounded run stops: after every message of the scenario. */
    OffsetsInitializer endOf(HerdScenario scenario) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        scenario.endOffsets()
                .forEach((partition, end) -> ends.put(new TopicPartition(topic, partition), end));
        return OffsetsInitializer.offsets(ends);
    }

    /**
     * Starts the topology at parallelism 2 with the test's alert stage, as {@code main} does but
     * stopping where asked.
     */
    JobClient start(
            StreamExecutionEnvironment env, JobConfig config, OffsetsInitializer stoppingOffsets)
            throws Exception {
        return start(env, config, stoppingOffsets, PipelineHarness::testAlerts);
    }

    /** Starts the topology at parallelism 2 with this alert stage. */
    JobClient start(
            StreamExecutionEnvironment env,
            JobConfig config,
            OffsetsInitializer stoppingOffsets,
            HerdPulsePipeline.AlertStage alerts)
            throws Exception {
        return submit(env, config, stoppingOffsets, Optional.of(alerts));
    }

    /** Starts the topology at parallelism 2 without any alert stage. */
    JobClient startWithoutAlerts(
            StreamExecutionEnvironment env, JobConfig config, OffsetsInitializer stoppingOffsets)
            throws Exception {
        return submit(env, config, stoppingOffsets, Optional.empty());
    }

    private JobClient submit(
            StreamExecutionEnvironment env,
            JobConfig config,
            OffsetsInitializer stoppingOffsets,
            Optional<HerdPulsePipeline.AlertStage> alerts)
            throws Exception {
        env.setParallelism(2);
        HerdPulseJob.configure(env, config);
        HerdPulsePipeline.define(
                env,
                KafkaIngest.source(config.kafka(), config.pipeline().maxFuture(), stoppingOffsets),
                config.pipeline(),
                JdbcSinks.create(config.database()),
                alerts);
        return env.executeAsync(config.jobName());
    }

    /**
     * The readings of the partition's animal ({@code cow-<partition>}), {@code interval} apart:
     * each in a window of its own when the interval is the window.
     */
    static List<Reading> readings(int partition, Instant first, Duration interval, int count) {
        String animal = "cow-" + partition;
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant timestamp = first.plus(interval.multipliedBy(i));
            readings.add(
                    new Reading(
                            1,
                            UUID.nameUUIDFromBytes((animal + "@" + timestamp).getBytes(UTF_8))
                                    .toString(),
                            partition < 2 ? "farm-a" : "farm-b",
                            animal,
                            "bolus-" + animal,
                            timestamp,
                            38.5 + 0.125 * (i % 8) + 0.0625 * partition,
                            1.25 * (i % 10 + 1),
                            4.0 + partition,
                            0.5 * (i % 6),
                            null));
        }
        return readings;
    }

    /** Sends a reading to this partition, keyed by its animal. */
    static Consumer<Reading> send(
            KafkaProducer<byte[], byte[]> producer, String topic, int partition) {
        return reading ->
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                partition,
                                reading.animalId().getBytes(UTF_8),
                                ReadingJson.toJson(reading)));
    }

    /** Sends the readings to this partition of the harness's topic, and waits till they are in. */
    void send(int partition, List<Reading> readings) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            readings.forEach(send(producer, topic, partition));
            producer.flush();
        }
    }

    /** The offsets the job's consumer group committed, by partition: a checkpoint's, once done. */
    Map<Integer, Long> committedOffsets() throws Exception {
        try (Admin admin = broker.admin()) {
            Map<Integer, Long> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets(topic)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS)
                    .forEach(
                            (partition, committed) ->
                                    offsets.put(partition.partition(), committed.offset()));
            return offsets;
        }
    }

    KafkaProducer<byte[], byte[]> producer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(properties);
    }

    /** An environment whose job restarts after a TaskManager dies: five times, 0.5 s apart. */
    static StreamExecutionEnvironment restartingEnvironment() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration restarts = new Configuration();
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        restarts.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        env.configure(restarts);
        return env;
    }

    /**
     * Checkpoints the job until the assertion holds after one, for at most {@code atMost}: a
     * checkpoint fails while the job is still deploying, and the windows' rows are written with
     * each.
     */
    static void checkpointUntil(
            MiniCluster cluster, JobClient job, Duration atMost, ThrowingRunnable assertion) {
        await().atMost(atMost)
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .untilAsserted(
                        () -> {
                            cluster.triggerCheckpoint(job.getJobID()).get();
                            assertion.run();
                        });
    }

    /** Checkpoints the job until its group committed these offsets, by partition. */
    void checkpointUntilCommitted(MiniCluster cluster, JobClient job, Map<Integer, Long> offsets) {
        checkpointUntil(
                cluster,
                job,
                Duration.ofMinutes(2),
                () -> assertThat(committedOffsets()).isEqualTo(offsets));
    }

    /** Cancels the job unless it has ended: a test's last word, whatever happened. */
    static void cancelIfRunning(JobClient job) throws Exception {
        if (!job.getJobStatus().get().isTerminalState()) {
            job.cancel().get();
        }
    }

    /**
     * Both stats tables hold exactly the rows these readings make, as the test's own model computes
     * them.
     */
    void assertStatsOf(List<Reading> counted) throws SQLException {
        assertThat(animalRows()).isEqualTo(HerdScenario.animalRows(counted));
        assertThat(farmRows()).isEqualTo(HerdScenario.farmRows(counted));
    }

    /** The number of rows of {@code animal_health_stats}. */
    long animalRowCount() throws SQLException {
        return count("SELECT count(*) FROM herdpulse.animal_health_stats");
    }

    /**
     * The job finished, and its alert stage opened more than once per instance (2): it restarted.
     */
    static void assertFinishedAfterARestart(JobClient job, int alertStageOpensBefore)
            throws Exception {
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.FINISHED);
        assertThat(ALERT_STAGE_OPENS.get() - alertStageOpensBefore)
                .as("the job restarted")
                .isGreaterThan(2);
    }

    /** Sends a phase and checks every record landed where the scenario expects it. */
    void produce(HerdScenario scenario, Phase phase) throws Exception {
        Map<Message, Position> positions = scenario.positions();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (Message message : scenario.phase(phase)) {
                RecordMetadata sent =
                        producer.send(
                                        new ProducerRecord<>(
                                                topic,
                                                message.partition(),
                                                message.key() == null
                                                        ? null
                                                        : message.key().getBytes(UTF_8),
                                                message.value()))
                                .get(30, TimeUnit.SECONDS);
                assertThat(new Position(sent.partition(), sent.offset()))
                        .isEqualTo(positions.get(message));
            }
        }
    }

    /** Test-only alert rule: a reading at or above 39.75 °C starts an alert that ends 1 min on. */
    static DataStream<HealthAlert> testAlerts(KeyedStream<Arrival, String> readings) {
        return readings.flatMap(new StartAndEnd()).name("test alerts");
    }

    /**
     * How often the test alert stage was opened in this JVM: more than its parallelism after a
     * restart.
     */
    static final AtomicInteger ALERT_STAGE_OPENS = new AtomicInteger();

    private static final class StartAndEnd extends RichFlatMapFunction<Arrival, HealthAlert> {
        @Override
        public void open(OpenContext openContext) {
            ALERT_STAGE_OPENS.incrementAndGet();
        }

        @Override
        public void flatMap(Arrival arrival, Collector<HealthAlert> out) {
            Reading reading = arrival.reading();
            if (reading.rumenTempC() < HerdScenario.ALERT_C) {
                return;
            }
            Instant start = reading.timestamp();
            Instant end = start.plus(HerdScenario.WINDOW);
            String id = HealthAlert.idFor(reading.animalId(), AlertKind.FEVER, start);
            String details = "{\"readingId\": \"" + reading.readingId() + "\"}";
            out.collect(
                    new HealthAlert(
                            id,
                            reading.animalId(),
                            reading.farmId(),
                            AlertKind.FEVER,
                            Severity.WARNING,
                            start,
                            null,
                            reading.rumenTempC(),
                            HerdScenario.FEVER_C,
                            details,
                            start));
            out.collect(
                    new HealthAlert(
                            id,
                            reading.animalId(),
                            reading.farmId(),
                            AlertKind.FEVER,
                            Severity.CRITICAL,
                            start,
                            end,
                            reading.rumenTempC(),
                            HerdScenario.FEVER_C,
                            details,
                            end));
        }
    }

    int count(String sql) throws SQLException {
        try (Connection connection = postgres.connect(database);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private <T> List<T> query(String sql, RowMapper<T> mapper) throws SQLException {
        List<T> result = new ArrayList<>();
        try (Connection connection = postgres.connect(database);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
        }
        return result;
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime time = row.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    List<AnimalRow> animalRows() throws SQLException {
        return animalRowsWhere("updated_at IS NOT NULL");
    }

    /** The animal rows matching a SQL condition, in key order. */
    List<AnimalRow> animalRowsWhere(String condition) throws SQLException {
        return query(
                "SELECT * FROM herdpulse.animal_health_stats WHERE "
                        + condition
                        + " ORDER BY animal_id, window_start",
                row ->
                        new AnimalRow(
                                row.getString("animal_id"),
                                instant(row, "window_start"),
                                row.getString("farm_id"),
                                instant(row, "window_end"),
                                row.getInt("readings"),
                                row.getDouble("temp_avg"),
                                row.getDouble("temp_min"),
                                row.getDouble("temp_max"),
                                row.getDouble("activity_avg"),
                                row.getDouble("rumination_min"),
                                row.getDouble("water_intake_l"),
                                row.getObject("ph_avg", Double.class),
                                row.getObject("ph_min", Double.class)));
    }

    List<FarmRow> farmRows() throws SQLException {
        return query(
                "SELECT * FROM herdpulse.farm_health_stats WHERE updated_at IS NOT NULL"
                        + " ORDER BY farm_id, window_start",
                row ->
                        new FarmRow(
                                row.getString("farm_id"),
                                instant(row, "window_start"),
                                instant(row, "window_end"),
                                row.getInt("animals"),
                                row.getInt("readings"),
                                row.getDouble("temp_avg"),
                                row.getInt("animals_with_fever")));
    }

    /** A stored reject, with what the scenario cannot know (detail, time of receipt). */
    record StoredReject(
            String topic,
            Position position,
            String reason,
            byte[] payload,
            String detail,
            Instant receivedAt) {}

    List<StoredReject> rejectRows() throws SQLException {
        return query(
                "SELECT * FROM herdpulse.rejected_readings ORDER BY source_partition, source_offset",
                row ->
                        new StoredReject(
                                row.getString("source_topic"),
                                new Position(
                                        row.getInt("source_partition"),
                                        row.getLong("source_offset")),
                                row.getString("reason"),
                                row.getBytes("raw_payload"),
                                row.getString("detail"),
                                instant(row, "received_at")));
    }

    List<AlertRow> alertRows() throws SQLException {
        return query(
                "SELECT *, details->>'readingId' AS reading_id FROM herdpulse.health_alerts"
                        + " ORDER BY alert_id",
                row ->
                        new AlertRow(
                                row.getString("alert_id"),
                                row.getString("animal_id"),
                                row.getString("farm_id"),
                                row.getString("kind"),
                                row.getString("severity"),
                                instant(row, "started_at"),
                                instant(row, "ended_at"),
                                row.getDouble("value"),
                                row.getDouble("threshold"),
                                row.getString("reading_id"),
                                instant(row, "detected_at")));
    }

    /** Every row of every table equals what the scenario computes, exactly. */
    void assertTablesMatch(HerdScenario scenario, Instant testStart, Instant testEnd)
            throws SQLException {
        assertThat(animalRows()).containsExactlyElementsOf(scenario.animalRows());
        assertThat(farmRows()).containsExactlyElementsOf(scenario.farmRows());
        assertThat(alertRows()).containsExactlyElementsOf(scenario.alertRows());

        List<StoredReject> stored = rejectRows();
        List<HerdScenario.RejectRow> expected = scenario.rejectRows();
        assertThat(stored).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            HerdScenario.RejectRow want = expected.get(i);
            StoredReject got = stored.get(i);
            assertThat(got.topic()).isEqualTo(topic);
            assertThat(got.position()).isEqualTo(want.position());
            assertThat(got.reason()).as("reason at %s", want.position()).isEqualTo(want.reason());
            assertThat(got.payload())
                    .as("payload at %s", want.position())
                    .isEqualTo(want.payload());
            assertThat(got.detail()).contains(want.detailNames());
            assertThat(got.receivedAt()).isBetween(testStart, testEnd);
        }
    }
}
