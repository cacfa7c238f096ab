package io.herdpulse.job;

import io.herdpulse.job.config.DatabaseSettings;
import io.herdpulse.job.config.JobCommandLine;
import io.herdpulse.job.config.JobConfig;
import io.herdpulse.job.config.PipelineSettings;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.config.ExecutionConfigOptions;
import org.apache.flink.table.api.config.OptimizerConfigOptions;

/**
 * The HerdPulse job as far as Flink SQL expresses it, the baseline the DataStream job is measured
 * against (ThroughputBenchmarkIT on a MiniCluster, {@code bin/herdpulse bench} on the local
 * cluster): the same topic, the same checks, de-duplication, windows and upserts, configured from
 * the same options ({@code flink run -c io.herdpulse.job.SqlBaselineJob herdpulse-job.jar
 * [options]}). The cluster provides the Table API and planner, as flink-dist's lib/ does.
 *
 * <p>What SQL cannot do is left out rather than imitated: rejected readings are dropped, not
 * written with a reason (the 'json' format skips what it cannot parse, a WHERE clause the rest); a
 * window closes once, without allowed lateness; the watermark follows every parsed timestamp, not
 * only valid readings'; no alert rules. {@code updated_at} keeps the table's default.
 */
public final class SqlBaselineJob {
    public static final String JOB_NAME = "HerdPulse SQL baseline";

    private static final String ID = "'^[A-Za-z0-9_-]{1,64}$'";
    private static final String UUID =
            "'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'";

    private SqlBaselineJob() {}

    /** Reads the job's own options ({@link JobCommandLine}) and submits the SQL version. */
    public static void main(String[] args) {
        Optional<JobConfig> config = JobCommandLine.parseMain(args);
        config.ifPresent(
                parsed -> start(StreamExecutionEnvironment.getExecutionEnvironment(), parsed));
    }

    /** Plans the job on {@code env} at parallelism 2 and submits it. */
    static TableResult start(StreamExecutionEnvironment env, JobConfig config) {
        env.setParallelism(2);
        HerdPulseJob.configure(env, config);
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        PipelineSettings pipeline = config.pipeline();
        tables.getConfig().set(PipelineOptions.NAME, JOB_NAME);
        // The readingIds seen are kept about as long as the DataStream job's de-duplication keeps
        // them (its horizon is in event time, this retention in processing time).
        tables.getConfig()
                .set(
                        ExecutionConfigOptions.IDLE_STATE_RETENTION,
                        pipeline.window()
                                .plus(pipeline.allowedLateness())
                                .plus(pipeline.dedupHorizon()));
        tables.getConfig()
                .set(ExecutionConfigOptions.TABLE_EXEC_SOURCE_IDLE_TIMEOUT, pipeline.idleness());
        // Both inserts read animal_windows: planned once and shared, as the DataStream job's
        // farm windows consume its animal windows, instead of aggregating every reading twice.
        tables.getConfig()
                .set(
                        OptimizerConfigOptions
                                .TABLE_OPTIMIZER_REUSE_OPTIMIZE_BLOCK_WITH_DIGEST_ENABLED,
                        true);

        tables.executeSql(readingsTable(config));
        tables.executeSql(validReadingsView(pipeline));
        // The first of a readingId to arrive wins and is emitted at once, as in the DataStream
        // job: ranked by processing time, the de-duplication stays insert-only and event_time
        // stays the rowtime the windows need. (Ranked by event time, Flink 2.2 buffers every
        // reading until the watermark passes it.)
        tables.executeSql(
                """
                CREATE TEMPORARY VIEW unique_readings AS
                SELECT reading_id, farm_id, animal_id, event_time, rumen_temp_c, activity,
                    rumination_min, water_intake_l, rumen_ph
                FROM (
                    SELECT *, ROW_NUMBER() OVER (
                        PARTITION BY reading_id ORDER BY proc_time ASC) AS occurrence
                    FROM valid_readings)
                WHERE occurrence = 1
                """);
        tables.executeSql(animalWindowsView(pipeline.window()));
        // The next window level sees the animal rows by their window's event time only.
        tables.executeSql(
                """
                CREATE TEMPORARY VIEW animal_totals AS
                SELECT farm_id, window_time AS animal_window_time, readings, temp_sum, temp_max
                FROM animal_windows
                """);
        tables.executeSql(statsTable(config.database(), animalStatsColumns()));
        tables.executeSql(statsTable(config.database(), farmStatsColumns()));

        StatementSet inserts = tables.createStatementSet();
        inserts.addInsertSql(
                """
                INSERT INTO animal_health_stats
                SELECT animal_id, window_start, farm_id, window_end, readings, temp_avg, temp_min,
                    temp_max, activity_avg, rumination_min, water_intake_l, ph_avg, ph_min
                FROM animal_windows
                """);
        // Built from the animals' windows, as the DataStream job does: each animal of the window
        // once, with its latest farm.
        inserts.addInsertSql(
                """
                INSERT INTO farm_health_stats
                SELECT farm_id, window_start, window_end, CAST(COUNT(*) AS INT),
                    CAST(SUM(readings) AS INT), SUM(temp_sum) / SUM(readings),
                    CAST(COUNT(*) FILTER (WHERE temp_max >= %s) AS INT)
                FROM TABLE(TUMBLE(TABLE animal_totals, DESCRIPTOR(animal_window_time), %s))
                GROUP BY farm_id, window_start, window_end
                """
                        .formatted(pipeline.feverThresholdC(), interval(pipeline.window())));
        return inserts.execute();
    }

    /**
     * The topic as a table: the key raw, for the key check; the value JSON, a row that does not
     * parse (not JSON, a wrong type, a timestamp that is not ISO-8601 UTC) skipped.
     */
    private static String readingsTable(JobConfig config) {
        return """
                CREATE TEMPORARY TABLE readings (
                    record_key STRING,
                    schemaVersion INT,
                    readingId STRING,
                    farmId STRING,
                    animalId STRING,
                    sensorId STRING,
                    `timestamp` TIMESTAMP_LTZ(3),
                    rumenTempC DOUBLE,
                    activity DOUBLE,
                    ruminationMin DOUBLE,
                    waterIntakeL DOUBLE,
                    rumenPh DOUBLE,
                    proc_time AS PROCTIME(),
                    WATERMARK FOR `timestamp` AS `timestamp` - %s
                ) WITH (
                    'connector' = 'kafka',
                    'topic' = '%s',
                    'properties.bootstrap.servers' = '%s',
                    'properties.group.id' = '%s',
                    'scan.startup.mode' = 'earliest-offset',
                    'scan.bounded.mode' = 'latest-offset',
                    'key.format' = 'raw',
                    'key.fields' = 'record_key',
                    'key.fields-prefix' = 'record_',
                    'value.format' = 'json',
                    'value.fields-include' = 'EXCEPT_KEY',
                    'value.json.ignore-parse-errors' = 'true',
                    'value.json.timestamp-format.standard' = 'ISO-8601'
                )
                """
                .formatted(
                        interval(config.pipeline().outOfOrderness()),
                        config.kafka().topic(),
                        config.kafka().bootstrapServers(),
                        config.kafka().groupId());
    }

    /** The contract's checks of DESIGN.md, in SQL; the readingId lower-cased as the job does. */
    private static String validReadingsView(PipelineSettings pipeline) {
        return """
                CREATE TEMPORARY VIEW valid_readings AS
                SELECT LOWER(readingId) AS reading_id, farmId AS farm_id, animalId AS animal_id,
                    `timestamp` AS event_time, rumenTempC AS rumen_temp_c, activity,
                    ruminationMin AS rumination_min, waterIntakeL AS water_intake_l,
                    rumenPh AS rumen_ph, proc_time
                FROM readings
                WHERE schemaVersion = 1
                    AND readingId IS NOT NULL AND farmId IS NOT NULL AND animalId IS NOT NULL
                    AND sensorId IS NOT NULL AND `timestamp` IS NOT NULL
                    AND rumenTempC IS NOT NULL AND activity IS NOT NULL
                    AND ruminationMin IS NOT NULL
                    AND REGEXP(readingId, %s)
                    AND REGEXP(farmId, %s) AND REGEXP(animalId, %s)
                    AND CHAR_LENGTH(sensorId) <= 128
                    AND rumenTempC BETWEEN 20.0 AND 45.0
                    AND activity BETWEEN 0 AND 1000000
                    AND ruminationMin BETWEEN 0 AND 60
                    AND (waterIntakeL IS NULL OR waterIntakeL BETWEEN 0 AND 100)
                    AND (rumenPh IS NULL OR rumenPh BETWEEN 4.0 AND 8.0)
                    AND (record_key IS NULL OR record_key = animalId)
                    AND `timestamp` <= CURRENT_TIMESTAMP + %s
                """
                .formatted(UUID, ID, ID, interval(pipeline.maxFuture()));
    }

    /**
     * Tumbling windows per animal, kept with the sums the farm windows need. An animal's farm is
     * that of its last reading to arrive: SQL has no "latest by event time" aggregate.
     */
    private static String animalWindowsView(Duration window) {
        return """
                CREATE TEMPORARY VIEW animal_windows AS
                SELECT animal_id, window_start, window_end, window_time,
                    LAST_VALUE(farm_id) AS farm_id,
                    CAST(COUNT(*) AS INT) AS readings,
                    AVG(rumen_temp_c) AS temp_avg,
                    SUM(rumen_temp_c) AS temp_sum,
                    MIN(rumen_temp_c) AS temp_min,
                    MAX(rumen_temp_c) AS temp_max,
                    AVG(activity) AS activity_avg,
                    SUM(rumination_min) AS rumination_min,
                    COALESCE(SUM(water_intake_l), 0.0) AS water_intake_l,
                    AVG(rumen_ph) AS ph_avg,
                    MIN(rumen_ph) AS ph_min
                FROM TABLE(TUMBLE(TABLE unique_readings, DESCRIPTOR(event_time), %s))
                GROUP BY animal_id, window_start, window_end, window_time
                """
                .formatted(interval(window));
    }

    private record StatsTable(String name, String columns, String primaryKey) {}

    private static StatsTable animalStatsColumns() {
        return new StatsTable(
                "animal_health_stats",
                """
                animal_id STRING, window_start TIMESTAMP(3), farm_id STRING,
                window_end TIMESTAMP(3), readings INT, temp_avg DOUBLE, temp_min DOUBLE,
                temp_max DOUBLE, activity_avg DOUBLE, rumination_min DOUBLE,
                water_intake_l DOUBLE, ph_avg DOUBLE, ph_min DOUBLE
                """,
                "animal_id, window_start");
    }

    private static StatsTable farmStatsColumns() {
        return new StatsTable(
                "farm_health_stats",
                """
                farm_id STRING, window_start TIMESTAMP(3), window_end TIMESTAMP(3),
                animals INT, readings INT, temp_avg DOUBLE, animals_with_fever INT
                """,
                "farm_id, window_start");
    }

    /**
     * A table upserted by primary key (PostgreSQL's ON CONFLICT ... DO UPDATE), batched as the
     * DataStream job's sinks are. Window bounds are local timestamps of the session time zone, the
     * JVM's, which the JDBC driver also uses to write them into timestamptz.
     */
    private static String statsTable(DatabaseSettings database, StatsTable table) {
        return """
                CREATE TEMPORARY TABLE %s (
                    %s,
                    PRIMARY KEY (%s) NOT ENFORCED
                ) WITH (
                    'connector' = 'jdbc',
                    'url' = '%s',
                    'table-name' = 'herdpulse.%s',
                    'username' = '%s',
                    'password' = '%s',
                    'sink.buffer-flush.max-rows' = '%d',
                    'sink.buffer-flush.interval' = '%d ms',
                    'sink.max-retries' = '%d'
                )
                """
                .formatted(
                        table.name(),
                        table.columns().strip(),
                        table.primaryKey(),
                        database.url(),
                        table.name(),
                        database.user(),
                        database.password(),
                        database.batchSize(),
                        database.batchInterval().toMillis(),
                        database.maxRetries());
    }

    /**
     * A SQL day-time interval literal of a duration, to the millisecond. Three digits of days:
     * SQL's default of two refused a {@code --max-future} of 100 days or more (at most {@code
     * P365D}).
     */
    static String interval(Duration duration) {
        return String.format(
                Locale.ROOT,
                "INTERVAL '%d %02d:%02d:%02d.%03d' DAY(3) TO SECOND(3)",
                duration.toDays(),
                duration.toHoursPart(),
                duration.toMinutesPart(),
                duration.toSecondsPart(),
                duration.toMillisPart());
    }
}
