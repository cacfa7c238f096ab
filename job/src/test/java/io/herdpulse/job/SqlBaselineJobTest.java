package io.herdpulse.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

class SqlBaselineJobTest {

    /**
     * The baseline writes the job's durations into its SQL; {@code --max-future} goes up to a year,
     * whose days a two-digit day field refused.
     */
    @Test
    void writesEveryDurationTheJobTakesAsAnIntervalFlinkSqlReadsBack() throws Exception {
        List<Duration> durations =
                List.of(
                        Duration.ofMillis(1),
                        Duration.ofMinutes(5),
                        Duration.ofHours(4).plusMillis(250),
                        Duration.ofDays(99),
                        Duration.ofDays(100),
                        Duration.ofDays(365));
        TableEnvironment sql = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        String select =
                String.join(", ", durations.stream().map(SqlBaselineJob::interval).toList());

        try (CloseableIterator<Row> rows = sql.executeSql("SELECT " + select).collect()) {
            Row row = rows.next();
            assertThat(
                            java.util.stream.IntStream.range(0, row.getArity())
                                    .mapToObj(row::getField)
                                    .toList())
                    .isEqualTo(durations);
        }
    }
}
