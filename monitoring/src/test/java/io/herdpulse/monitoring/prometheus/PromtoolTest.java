package io.herdpulse.monitoring.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.herdpulse.monitoring.ExternalCommand;
import io.herdpulse.monitoring.RepositoryFiles;
import io.herdpulse.monitoring.dashboards.Dashboard;
import io.herdpulse.monitoring.dashboards.DashboardQueries;
import io.herdpulse.monitoring.dashboards.QueryLanguage;
import io.herdpulse.monitoring.dashboards.RenderedQuery;
import io.herdpulse.monitoring.dashboards.TimeRange;
import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.StackHome;
import io.herdpulse.stack.prometheus.PrometheusConfiguration;
import io.herdpulse.stack.prometheus.ScrapeTargets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus configuration, rules and dashboard PromQL as Prometheus' own promtool judges them.
 */
class PromtoolTest {
    /** promtool with the given action on files named relative to the Prometheus directory. */
    private static ExternalCommand.Result promtoolOn(List<Path> files, String... action) {
        List<String> command = new ArrayList<>(List.of(action));
        files.forEach(
                file -> command.add(RepositoryFiles.prometheus().relativize(file).toString()));
        return promtool(command.toArray(String[]::new));
    }

    private static Path promtool;

    @BeforeAll
    static void findPromtool() {
        promtool = ExternalCommand.find("promtool").orElse(null);
        assumeTrue(
                promtool != null,
                "promtool is not installed (Debian: apt-get install prometheus); these checks need it");
    }

    @Test
    void bothPrometheusConfigurationsAreValid() {
        for (String config : List.of("prometheus.yml", "prometheus-compose.yml")) {
            assertSucceeds(promtool("check", "config", config));
        }
    }

    /**
     * The local configuration as the stack runs it: linked into a stack home beside the discovery
     * files the stack writes for a TaskManager and a producer run. promtool validates each file its
     * globs match and warns about a glob that matches none.
     */
    @Test
    void theStacksDiscoveryFilesAreValidAndEveryGlobFindsThem(@TempDir Path home) {
        StackHome stackHome = new StackHome(home);
        Path config =
                PrometheusConfiguration.prepare(
                        new Distribution(RepositoryFiles.root()), stackHome);
        ScrapeTargets targets = ScrapeTargets.of(stackHome);
        targets.register(ScrapeTargets.TASKMANAGER_JOB, 9250, ProcessHandle.current());
        targets.register(ScrapeTargets.PRODUCER_JOB, 9401, ProcessHandle.current());

        ExternalCommand.Result result =
                ExternalCommand.run(
                        config.getParent(),
                        Map.of(),
                        List.of(promtool.toString(), "check", "config", config.toString()));

        assertSucceeds(result);
        assertThat(result.output()).doesNotContain("WARNING");
    }

    @Test
    void ruleFilesAreValid() {
        assertSucceeds(promtoolOn(ruleFiles(), "check", "rules"));
    }

    @Test
    void everyAlertFiresAndStaysSilentAsItsUnitTestsSay() {
        assertSucceeds(promtoolOn(testFiles(), "test", "rules"));
    }

    @Test
    void everyAlertHasATestWhereItFiresAndOneWhereItIsSilent() {
        Set<String> alerts = new TreeSet<>();
        for (Path file : ruleFiles()) {
            for (JsonNode group : RepositoryFiles.readYaml(file).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if (rule.has("alert")) {
                        alerts.add(rule.path("alert").asText());
                    }
                }
            }
        }
        Set<String> firing = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        for (Path file : testFiles()) {
            for (JsonNode test : RepositoryFiles.readYaml(file).path("tests")) {
                for (JsonNode check : test.path("alert_rule_test")) {
                    boolean fires = !check.path("exp_alerts").isEmpty();
                    (fires ? firing : silent).add(check.path("alertname").asText());
                }
            }
        }
        assertThat(alerts).isNotEmpty();
        assertThat(firing).as("alerts with a test where they fire").isEqualTo(alerts);
        assertThat(silent).as("alerts with a test where they stay silent").isEqualTo(alerts);
    }

    /**
     * Each PromQL of each panel, with its variables substituted, becomes a recording rule of a
     * scratch rule file: `promtool check rules` parses it exactly as Prometheus would.
     */
    @Test
    void everyDashboardPromQlParses(@TempDir Path scratch) throws IOException {
        DashboardQueries queries =
                new DashboardQueries(TimeRange.last(Duration.ofHours(1), Instant.now()));
        StringBuilder rules =
                new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
        int count = 0;
        for (Dashboard dashboard :
                Dashboard.readAll(RepositoryFiles.grafana().resolve("dashboards"))) {
            if (dashboard.variables().stream()
                    .anyMatch(v -> v.datasource().language() == QueryLanguage.SQL)) {
                continue; // an SQL dashboard: its queries are proven against PostgreSQL
            }
            for (RenderedQuery query :
                    queries.render(dashboard, DashboardQueries.SqlLookup.none())) {
                if (query.language() == QueryLanguage.PROMQL) {
                    rules.append("      - record: dashboard_query_")
                            .append(++count)
                            .append("\n        expr: '")
                            .append(query.text().replace("'", "''"))
                            .append("'\n");
                }
            }
        }
        assertThat(count).isGreaterThan(30);
        Path file = Files.writeString(scratch.resolve("dashboard-queries.yml"), rules);
        ExternalCommand.Result result =
                ExternalCommand.run(
                        scratch,
                        Map.of(),
                        List.of(promtool.toString(), "check", "rules", file.toString()));
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + count + " rules found");
    }

    /**
     * The pipeline dashboard's "Event-time lag", as Grafana sends it, run by promtool as a
     * recording rule: the lag of the source subtasks whose partitions hold records they have not
     * read, as EventTimeLagHigh reads it, and 0 for a job whose old newest reading is a quiet
     * partition's, fully read (until 2026-12-06 the panel showed that one red for good while the
     * alert rightly stayed silent); 0 as "none" while no job reports, never "No data".
     */
    @Test
    void theEventTimeLagPanelShowsOnlySubtasksBehindAsEventTimeLagHighDoes(@TempDir Path scratch)
            throws IOException {
        Dashboard pipeline =
                Dashboard.read(
                        RepositoryFiles.grafana().resolve("dashboards/herdpulse-pipeline.json"));
        List<RenderedQuery> lag =
                new DashboardQueries(TimeRange.last(Duration.ofHours(1), Instant.now()))
                        .render(pipeline, DashboardQueries.SqlLookup.none()).stream()
                                .filter(query -> query.panelTitle().equals("Event-time lag"))
                                .toList();
        assertThat(lag).hasSize(1);
        Files.writeString(
                scratch.resolve("panel.yml"),
                """
                groups:
                  - name: panel
                    rules:
                      - record: panel:event_time_lag
                        expr: '%s'
                """
                        .formatted(lag.get(0).text().replace("'", "''")));
        String lagMs = "flink_taskmanager_job_task_operator_herdpulse_eventTimeLagMs";
        String pending = "flink_taskmanager_job_task_operator_pendingRecords";
        Path test =
                Files.writeString(
                        scratch.resolve("panel-test.yml"),
                        """
                        rule_files: [panel.yml]
                        evaluation_interval: 1m
                        tests:
                          - interval: 1m
                            input_series:
                              # live: subtask 0 reads; subtask 1's partitions went quiet 2 h ago, all read
                              - series: '%1$s{job_name="live", subtask_index="0"}'
                                values: '5000x60'
                              - series: '%2$s{job_name="live", subtask_index="0"}'
                                values: '3x60'
                              - series: '%1$s{job_name="live", subtask_index="1"}'
                                values: '7200000+60000x60'
                              - series: '%2$s{job_name="live", subtask_index="1"}'
                                values: '0x60'
                              # a backfill: subtask 0 three hours behind with records to read
                              - series: '%1$s{job_name="backfill", subtask_index="0"}'
                                values: '10800000x60'
                              - series: '%2$s{job_name="backfill", subtask_index="0"}'
                                values: '50000x60'
                              - series: '%1$s{job_name="backfill", subtask_index="1"}'
                                values: '20000x60'
                              - series: '%2$s{job_name="backfill", subtask_index="1"}'
                                values: '10x60'
                              # every partition quiet and read
                              - series: '%1$s{job_name="quiet", subtask_index="0"}'
                                values: '7200000+60000x60'
                              - series: '%2$s{job_name="quiet", subtask_index="0"}'
                                values: '0x60'
                            promql_expr_test:
                              - expr: panel:event_time_lag
                                eval_time: 60m
                                exp_samples:
                                  - labels: 'panel:event_time_lag{job_name="live"}'
                                    value: 5000
                                  - labels: 'panel:event_time_lag{job_name="backfill"}'
                                    value: 10800000
                                  - labels: 'panel:event_time_lag{job_name="quiet"}'
                                    value: 0
                          - interval: 1m
                            input_series:
                              - series: 'up{job="flink"}'
                                values: '0x10'
                            promql_expr_test:
                              - expr: panel:event_time_lag
                                eval_time: 10m
                                exp_samples:
                                  - labels: 'panel:event_time_lag{job_name="none"}'
                                    value: 0
                        """
                                .formatted(lagMs, pending));
        ExternalCommand.Result result =
                ExternalCommand.run(
                        scratch,
                        Map.of(),
                        List.of(promtool.toString(), "test", "rules", test.toString()));
        assertSucceeds(result);
    }

    private static ExternalCommand.Result promtool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(promtool.toString());
        command.addAll(List.of(args));
        return ExternalCommand.run(RepositoryFiles.prometheus(), Map.of(), command);
    }

    private static void assertSucceeds(ExternalCommand.Result result) {
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    static List<Path> ruleFiles() {
        return yamlFiles(RepositoryFiles.prometheus().resolve("rules"));
    }

    private static List<Path> testFiles() {
        return yamlFiles(RepositoryFiles.prometheus().resolve("tests"));
    }

    private static List<Path> yamlFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + directory, e);
        }
    }
}
