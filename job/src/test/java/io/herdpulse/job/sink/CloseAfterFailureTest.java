package io.herdpulse.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.job.stats.AnimalStats;
import io.herdpulse.job.stats.FarmStats;
import io.herdpulse.job.validation.Rejected;
import io.herdpulse.model.HealthAlert;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.TaskInfoImpl;
import org.apache.flink.api.connector.sink2.WriterInitContext;
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
