package io.herdpulse.monitoring.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrafanaTemplateTest {
    private static final TimeRange ONE_HOUR =
            new TimeRange(
                    Instant.parse("2026-11-24T07:00:00.250Z"),
                    Instant.parse("2026-11-24T08:00:00.250Z"));

    @Test
    void substitutesBothVariableSyntaxes() {
        assertThat(
                        GrafanaTemplate.promQl(
                                "up{job=~\"$job\", instance=~\"${instance}\"}",
                                Map.of("job", "kafka|postgres", "instance", ".+"),
                                ONE_HOUR))
                .isEqualTo("up{job=~\"kafka|postgres\", instance=~\".+\"}");
    }

    /** One hour over at most 1000 points: 15 s (the scrape interval); rate over 4 scrapes. */
    @Test
    void expandsIntervalVariablesForTheRange() {
        assertThat(
                        GrafanaTemplate.promQl(
                                "rate(x[$__rate_interval]) $__interval increase(x[$__range])",
                                Map.of(),
                                ONE_HOUR))
                .isEqualTo("rate(x[60s]) 15s increase(x[3600s])");
    }

    @Test
    void longRangesWidenTheIntervals() {
        TimeRange sevenDays =
                new TimeRange(
                        Instant.parse("2026-11-17T00:00:00Z"),
                        Instant.parse("2026-11-24T00:00:00Z"));
        // 604800 s / 1000 points = 605 s (rounded up); rate interval = 605 + 15.
        assertThat(GrafanaTemplate.promQl("$__interval $__rate_interval", Map.of(), sevenDays))
                .isEqualTo("605s 620s");
    }

    @Test
    void expandsSqlTimeMacrosToPlainPostgreSql() {
        String sql =
                "SELECT $__timeGroupAlias(received_at, '5m'), count(*) FROM t"
                        + " WHERE $__timeFilter(received_at) AND farm_id = '$farm'"
                        + " AND received_at > $__timeFrom() AND received_at < $__timeTo()"
                        + " GROUP BY $__timeGroup(received_at, 1h)";
        assertThat(GrafanaTemplate.sql(sql, Map.of("farm", "farm-1"), ONE_HOUR))
                .isEqualTo(
                        "SELECT floor(extract(epoch from received_at)/300)*300 AS \"time\", count(*) FROM t"
                                + " WHERE received_at BETWEEN '2026-11-24T07:00:00Z' AND '2026-11-24T08:00:00Z'"
                                + " AND farm_id = 'farm-1'"
                                + " AND received_at > '2026-11-24T07:00:00Z' AND received_at < '2026-11-24T08:00:00Z'"
                                + " GROUP BY floor(extract(epoch from received_at)/3600)*3600");
    }

    @Test
    void refusesWhatItCannotExpand() {
        assertThatThrownBy(
                        () ->
                                GrafanaTemplate.sql(
                                        "SELECT $__unixEpochFilter(t)", Map.of(), ONE_HOUR))
                .hasMessageContaining("unsupported Grafana macro $__unixEpochFilter(t)");
        assertThatThrownBy(() -> GrafanaTemplate.promQl("up{job=\"$job\"}", Map.of(), ONE_HOUR))
                .hasMessageContaining("no value for $job");
        assertThatThrownBy(
                        () ->
                                GrafanaTemplate.promQl(
                                        "up{job=\"[[job]]\"}", Map.of("job", "x"), ONE_HOUR))
                .hasMessageContaining("deprecated [[job]]");
        assertThatThrownBy(() -> GrafanaTemplate.promQl("x[$__auto]", Map.of(), ONE_HOUR))
                .hasMessageContaining("unsupported Grafana variable $__auto");
    }
}
