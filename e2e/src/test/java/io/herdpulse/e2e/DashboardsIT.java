package io.herdpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.herdpulse.monitoring.dashboards.Dashboard;
import io.herdpulse.monitoring.dashboards.DashboardQueries;
import io.herdpulse.monitoring.dashboards.JdbcLookup;
import io.herdpulse.monitoring.dashboards.QueryLanguage;
import io.herdpulse.monitoring.dashboards.RenderedQuery;
import io.herdpulse.monitoring.dashboards.SqlResult;
import io.herdpulse.monitoring.dashboards.TimeRange;
import io.herdpulse.stack.Stack;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 7's proof that every dashboard panel shows data (Grafana itself cannot be installed here):
 * the whole stack from {@code bin/herdpulse up}, the simulator running, and then every Prometheus
 * target up, every PromQL of every panel answered with at least one series by the real Prometheus,
 * every rule evaluated without error, and every SQL panel run as the read-only role against the
 * real PostgreSQL, returning rows with the columns the panel maps.
 */
class DashboardsIT {
    private static final String JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/herdpulse";

    /**
     * Long enough for several scrapes and checkpoints, so rate() and the checkpoint panels have
     * data.
     */
    private static final Duration PATIENCE = Duration.ofMinutes(4);

    private static final Pattern JOB_METRIC =
            Pattern.compile("flink_taskmanager_job_task_operator_herdpulse_\\w+");

    private static Herdpulse herdpulse;
    private static List<Dashboard> dashboards;

    @BeforeAll
    static void upWithSimulatorAndAProbe() {
        herdpulse = Herdpulse.up();
        dashboards =
                Dashboard.readAll(herdpulse.checkout().resolve("monitoring/grafana/dashboards"));
        // The simulated herd may be healthy and clean: a feverish cow on the first farm and a
        // reading out of range
        // make sure the "active alerts" and "rejects" panels have something to show.
        Herdpulse.Run probe = herdpulse.run("produce", "replay", probeCsv().toString());
        assertThat(probe.exitCode()).as(probe.stdout() + probe.stderr()).isZero();
    }

    @AfterAll
    static void down() {
        herdpulse.downAndPurge();
    }

    @Test
    void everyPrometheusTargetIsUp() {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> {
                            List<String> down = new ArrayList<>();
                            int taskManagers = 0;
                            for (JsonNode target :
                                    PrometheusApi.data("/api/v1/targets?state=active")
                                            .path("activeTargets")) {
                                String job = target.path("labels").path("job").asText();
                                taskManagers += job.equals("flink-taskmanager") ? 1 : 0;
                                if (!"up".equals(target.path("health").asText())) {
                                    down.add(job + ": " + target.path("lastError").asText());
                                }
                            }
                            assertThat(down).as("targets down").isEmpty();
                            // The stack announces only the TaskManagers that run.
                            assertThat(taskManagers)
                                    .as("TaskManager targets")
                                    .isEqualTo(Stack.TASKMANAGERS);
                        });
    }

    @Test
    void everyPromQlOfEveryPanelReturnsAtLeastOneSeries() {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> {
                            DashboardQueries queries =
                                    new DashboardQueries(
                                            TimeRange.last(Duration.ofHours(1), Instant.now()));
                            List<String> empty = new ArrayList<>();
                            int checked = 0;
                            for (RenderedQuery query : renderAll(queries)) {
                                if (query.language() == QueryLanguage.PROMQL) {
                                    checked++;
                                    JsonNode result = PrometheusApi.query(query.text());
                                    if (result.isEmpty()) {
                                        empty.add(query.describe() + ": " + query.text());
                                    }
                                }
                            }
                            assertThat(checked).isGreaterThanOrEqualTo(30);
                            assertThat(empty).as("panel queries without a series").isEmpty();
                        });
    }

    @Test
    void everyRuleEvaluatesWithoutError() {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> {
                            List<String> broken = new ArrayList<>();
                            int rules = 0;
                            for (JsonNode group :
                                    PrometheusApi.data("/api/v1/rules").path("groups")) {
                                for (JsonNode rule : group.path("rules")) {
                                    rules++;
                                    if (!"ok".equals(rule.path("health").asText())) {
                                        broken.add(
                                                rule.path("name").asText()
                                                        + ": "
                                                        + rule.path("health").asText()
                                                        + " "
                                                        + rule.path("lastError").asText());
                                    }
                                }
                            }
                            assertThat(rules).as("rules loaded").isGreaterThanOrEqualTo(30);
                            assertThat(broken).isEmpty();
                        });
    }

    /**
     * A rule over a metric the job does not export evaluates without error and never fires: every
     * job metric a rule reads is one the running job exports (each is registered as the job starts,
     * at 0 until something happens).
     */
    @Test
    void everyJobMetricARuleReadsIsExported() {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> {
                            Set<String> read = new TreeSet<>();
                            for (JsonNode group :
                                    PrometheusApi.data("/api/v1/rules").path("groups")) {
                                for (JsonNode rule : group.path("rules")) {
                                    Matcher metric =
                                            JOB_METRIC.matcher(rule.path("query").asText());
                                    while (metric.find()) {
                                        read.add(metric.group());
                                    }
                                }
                            }
                            Set<String> exported = new TreeSet<>();
                            PrometheusApi.data("/api/v1/label/__name__/values")
                                    .forEach(name -> exported.add(name.asText()));
                            assertThat(read).as("job metrics the rules read").isNotEmpty();
                            assertThat(exported).containsAll(read);
                        });
    }

    @Test
    void everySqlPanelRunsAsTheReaderAndReturnsRowsWithItsColumns() {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> {
                            List<String> failures = new ArrayList<>();
                            int checked = 0;
                            DashboardQueries queries =
                                    new DashboardQueries(
                                            TimeRange.last(Duration.ofHours(6), Instant.now()));
                            try (Connection reader = reader()) {
                                for (RenderedQuery query : renderAll(queries)) {
                                    if (query.language() == QueryLanguage.SQL) {
                                        checked++;
                                        failures.addAll(problems(reader, query));
                                    }
                                }
                            }
                            assertThat(checked).isEqualTo(10);
                            assertThat(failures).isEmpty();
                        });
    }

    /**
     * Every panel query of every dashboard, its variables resolved as Grafana would (SQL ones by
     * the reader).
     */
    private static List<RenderedQuery> renderAll(DashboardQueries queries) throws SQLException {
        try (Connection reader = reader()) {
            List<RenderedQuery> all = new ArrayList<>();
            for (Dashboard dashboard : dashboards) {
                all.addAll(queries.render(dashboard, new JdbcLookup(reader)));
            }
            return all;
        }
    }

    private static Connection reader() throws SQLException {
        return DriverManager.getConnection(
                JDBC_URL, "herdpulse_reader", herdpulse.secret("reader"));
    }

    private static List<String> problems(Connection reader, RenderedQuery query)
            throws SQLException {
        try {
            SqlResult result = SqlResult.run(reader, query);
            if (result.rows().isEmpty()) {
                return List.of(query.describe() + ": no rows");
            }
            if (!result.columns().containsAll(query.mappedColumns())) {
                return List.of(
                        query.describe()
                                + ": columns "
                                + result.columns()
                                + " lack some of "
                                + query.mappedColumns());
            }
            return List.of();
        } catch (AssertionError failed) {
            return List.of(query.describe() + ": " + failed.getCause());
        }
    }

    /**
     * A cow of the simulator's first farm learns her normal temperature over six readings, then
     * runs a fever on three; one more reading is out of range. Timestamps end a minute ago: recent,
     * never in the future.
     */
    private static Path probeCsv() {
        Instant last = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(1));
        List<String> lines = new ArrayList<>();
        lines.add("timestamp,farm_id,animal_id,sensor_id,rumen_temp_c,activity,rumination_min");
        for (int i = 0; i < 9; i++) {
            Instant at = last.minus(Duration.ofMinutes(8 - i));
            String temp = i < 6 ? "38.9" : "40.4";
            lines.add(at + ",farm-01,farm-01-probe,bolus-probe," + temp + ",12,5");
        }
        lines.add(last + ",farm-01,farm-01-probe,bolus-probe,50.0,12,5");
        return herdpulse.newFile("probe", lines);
    }
}
