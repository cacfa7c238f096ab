package io.herdpulse.job.sink;

import io.herdpulse.job.config.DatabaseSettings;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.datasource.connections.SimpleJdbcConnectionProvider;

/**
 * The four tables' sinks: Flink's JDBC sink, at least once, flushed on every checkpoint and every
 * batch interval (the stats tables' rows come on checkpoints only, {@code LatestPerCheckpoint}).
 * Every statement is idempotent on the table's primary key, so what a restart writes again
 * converges to the rows of a run without failure.
 */
public final class JdbcSinks {
    private static final String DRIVER = "org.postgresql.Driver";

    private JdbcSinks() {}

    public static Sinks create(DatabaseSettings database) {
        return new Sinks(
                upsert(database, new AnimalStatsUpsert()),
                upsert(database, new FarmStatsUpsert()),
                // Alerts are not held for a checkpoint, so the start and end of one alert can
                // share a batch: without rewriting, the driver sends them as separate statements,
                // which PostgreSQL applies in order (a multi-row statement touching one row twice
                // would fail). Their batch interval is their own: alerts are few and wanted soon.
                upsert(database.forAlerts(), new HealthAlertUpsert()),
                sink(database, RejectedInsert.SQL, new RejectedInsert()));
    }

    private static <T> Sink<T> upsert(DatabaseSettings database, Upsert<T> upsert) {
        return sink(database, upsert.sql(), upsert::bind);
    }

    private static <T> Sink<T> sink(
            DatabaseSettings database, String sql, JdbcStatementBuilder<T> statement) {
        // Plain values only: the recipe is shipped with the job, the settings record is not.
        String url = database.url();
        String user = database.user();
        String password = database.password();
        int batchSize = database.batchSize();
        long batchIntervalMs = database.batchInterval().toMillis();
        int maxRetries = database.maxRetries();
        return new CloseAfterFailure<>(
                () ->
                        new SimpleJdbcConnectionProvider(
                                new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                                        .withUrl(url)
                                        .withDriverName(DRIVER)
                                        .withUsername(user)
                                        .withPassword(password)
                                        .build()),
                connections ->
                        JdbcSink.<T>builder()
                                .withQueryStatement(sql, statement)
                                .withExecutionOptions(
                                        JdbcExecutionOptions.builder()
                                                .withBatchSize(batchSize)
                                                .withBatchIntervalMs(batchIntervalMs)
                                                .withMaxRetries(maxRetries)
                                                .build())
                                .buildAtLeastOnce(connections));
    }
}
