package io.herdpulse.alerts.silence;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.alerts.Arrival;
import io.herdpulse.model.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.Test;

class FarmReportsTest {
    private static final Instant T0 = Instant.parse("2026-03-02T06:00:00Z");

    private final FarmReports reports = new FarmReports();
    private final List<FarmReport> sent = new ArrayList<>();

    FarmReportsTest() {
        reports.open(DefaultOpenContext.INSTANCE);
    }

    private void arrive(String farm, Duration after, long partitionWatermark) {
        Reading reading =
                new Reading(
                        1,
                        farm + after,
                        farm,
                        "cow-" + after.toSeconds(),
                        "bolus",
                        T0.plus(after),
                        38.8,
                        10.0,
                        3.5,
                        null,
                        null);
        reports.flatMap(new Arrival(reading, partitionWatermark), new ListCollector<>(sent));
    }

    @Test
    void eachFarmMinuteIsSentOnceThoughABacklogInterleavesTheFarmsMinutes() {
        // Two partitions of a backlog, minutes apart, read in turns.
        for (int second = 0; second < 180; second += 10) {
            arrive("farm-A", Duration.ofSeconds(second), Long.MIN_VALUE);
            arrive("farm-A", Duration.ofSeconds(240 + second), Long.MIN_VALUE);
            arrive("farm-B", Duration.ofSeconds(second), Long.MIN_VALUE);
        }

        assertThat(sent)
                .extracting(
                        report -> report.farmId() + " " + FarmClock.minuteOf(report.eventTime()))
                .doesNotHaveDuplicates()
                .hasSize(2 * 3 + 3);
    }

    @Test
    void aReadingBehindItsPartitionsWatermarkIsNotReported() {
        long stamp = T0.plus(Duration.ofMinutes(5)).toEpochMilli();

        arrive("farm-A", Duration.ofMinutes(5), stamp);
        arrive("farm-A", Duration.ofMinutes(4), stamp);
        arrive("farm-A", Duration.ofMinutes(6), stamp);

        assertThat(sent)
                .containsExactly(
                        new FarmReport("farm-A", T0.plus(Duration.ofMinutes(6)).toEpochMilli()));
    }
}
