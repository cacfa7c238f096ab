package io.herdpulse.job.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herdpulse.job.config.DatabaseSettings;
import io.herdpulse.job.ingest.KafkaPosition;
import io.herdpulse.job.stats.AnimalStats;
import io.herdpulse.job.stats.FarmStats;
import io.herdpulse.job.validation.Rejected;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.validation.RejectReason;
import io.herdpulse.schema.Migrations;
import io.herdpulse.schema.Role;
import io.herdpulse.testing.TestPostgres;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.TaskInfoImpl;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CloseAfterFailureTest {

    @Test
    void theJdbcWriterIsToldObjectReuseIsOffAndGetsEverythingElseAsFlinkGaveIt() {
        TaskInfo task = new TaskInfoImpl("upsert", 2, 1, 2, 0);
        List<String> asked = new ArrayList<>();
        WriterInitContext flink =
                (WriterInitContext)
                        Proxy.newProxyInstance(
                                getClass().getClassLoader(),
                                new Class<?>[] {WriterInitContext.class},
                                (proxy, method, args) -> {
                                    asked.add(method.getName());
                                    return switch (method.getName()) {
                                        case "isObjectReuseEnabled" -> true;
                                        case "getTaskInfo" -> task;
                                        default -> null;
                                    };
                                });

        CloseAfterFailure.NoCopies context = new CloseAfterFailure.NoCopies(flink);

        assertThat(context.isObjectReuseEnabled()).isFalse();
        assertThat(context.getTaskInfo()).isSameAs(task);
        context.createInputSerializer();
        context.getMailboxExecutor();
        context.getProcessingTimeService();
        assertThat(asked)
                .containsExactly(
                        "getTaskInfo",
                        "createInputSerializer",
                        "getMailboxExecutor",
                        "getProcessingTimeService");
    }

    /**
     * PostgreSQL refusing every write (here a revoked privilege; a full disk alike): each restart's
     * writer fails its flush and is closed, and its connection with it.
     */
    @Test
    void aWriterWhosePostgresKeepsRefusingStillClosesItsConnection() throws Exception {
        TestPostgres postgres = TestPostgres.get();
        String database = postgres.newDatabase("refusing");
        String url = postgres.jdbcUrl(database);
        Migrations.apply(url, postgres.adminUser(), postgres.adminPassword());
        Migrations.setPasswords(
                url, postgres.adminUser(), postgres.adminPassword(), Map.of(Role.WRITER, "w"));
        try (Connection admin = postgres.connect(database);
                Statement revoke = admin.createStatement()) {
            revoke.execute("REVOKE INSERT ON herdpulse.rejected_readings FROM herdpulse_writer");
        }
        Sink<Rejected> sink =
                JdbcSinks.create(
                                new DatabaseSettings(
                                        url,
                                        Role.WRITER.roleName(),
                                        "w",
                                        10,
                                        Duration.ZERO,
                                        Duration.ZERO,
                                        0))
                        .rejected();
        Rejected row =
                new Rejected(
                        new KafkaPosition("cow-health-data", 0, 1),
                        RejectReason.MALFORMED_JSON,
                        "not JSON",
                        new byte[] {'x'},
                        Instant.parse("2026-12-06T06:00:00Z"));

        for (int restart = 0; restart < 3; restart++) {
            // Every restart deserializes the sink afresh, as Flink does.
            SinkWriter<Rejected> writer =
                    InstantiationUtil.clone(sink, getClass().getClassLoader())
                            .createWriter(writerContext());
            writer.write(row, null);
            assertThatThrownBy(() -> writer.flush(false))
                    .hasStackTraceContaining("permission denied");
            writer.close();
        }

        try (Connection admin = postgres.connect(database);
                Statement query = admin.createStatement();
                ResultSet open =
                        query.executeQuery(
                                "SELECT count(*) FROM pg_stat_activity WHERE datname = '"
                                        + database
                                        + "' AND usename = 'herdpulse_writer'")) {
            open.next();
            assertThat(open.getLong(1)).isZero();
        }
    }

    private WriterInitContext writerContext() {
        TaskInfo task = new TaskInfoImpl("rejected_readings", 1, 0, 1, 0);
        return (WriterInitContext)
                Proxy.newProxyInstance(
                        getClass().getClassLoader(),
                        new Class<?>[] {WriterInitContext.class},
                        (proxy, method, args) ->
                                switch (method.getName()) {
                                    case "getRestoredCheckpointId" -> OptionalLong.empty();
                                    case "getTaskInfo" -> task;
                                    default -> null;
                                });
    }

    /**
     * Why the writer may keep the rows it is given instead of copies: nothing can change a row
     * after it is written (records all the way down, of immutable values). The rejected payload is
     * the one array, kept as the Kafka record's value and never written to.
     */
    @ParameterizedTest
    @ValueSource(classes = {AnimalStats.class, FarmStats.class, HealthAlert.class, Rejected.class})
    void everyRowTypeTheSinksWriteIsImmutable(Class<?> row) {
        assertImmutable(row, row.getSimpleName());
    }

    private static void assertImmutable(Class<?> type, String path) {
        if (type.isPrimitive()
                || type.isEnum()
                || type == String.class
                || type == Instant.class
                || type == Double.class
                || type == Integer.class
                || type == Long.class
                || (type == byte[].class && path.equals("Rejected.payload"))) {
            return;
        }
        assertThat(type.isRecord()).as("%s (%s) is a record", path, type.getName()).isTrue();
        for (RecordComponent component : type.getRecordComponents()) {
            assertImmutable(component.getType(), path + "." + component.getName());
        }
    }
}
