package io.herdpulse.monitoring.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herdpulse.monitoring.RepositoryFiles;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every panel against the real running stack (`bin/herdpulse up` or docker compose, with readings
 * flowing for a few minutes). Runs only when told where the stack is, by system property or
 * environment variable:
 *
 * <pre>
 *   herdpulse.prometheus.url  / HERDPULSE_PROMETHEUS_URL    e.g. http://127.0.0.1:9090
 *   herdpulse.jdbc.url        / HERDPULSE_JDBC_URL          e.g. jdbc:postgresql://127.0.0.1:5432/herdpulse
 *   herdpulse.reader.password / HERDPULSE_READER_PASSWORD   the password of herdpulse_reader
 * </pre>
 *
 * Each test collects every failing query before it fails, so one run lists all of them.
 */
class DashboardsLiveTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMETHEUS =
            setting("herdpulse.prometheus.url", "HERDPULSE_PROMETHEUS_URL");
    private static final String JDBC_URL = setting("herdpulse.jdbc.url", "HERDPULSE_JDBC_URL");
    private static final String READER_PASSWORD =
            setting("herdpulse.reader.password", "HERDPULSE_READER_PASSWORD");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Dashboard> dashboards =
            Dashboard.readAll(RepositoryFiles.grafana().resolve("dashboards"));

    @Test
    void everyPrometheusTargetIsUp() {
        assumePrometheus();
        JsonNode targets = prometheusApi("/api/v1/targets?state=active").path("activeTargets");
        List<String> down = new ArrayList<>();
        int taskManagersUp = 0;
        for (JsonNode target : targets) {
            String job = target.path("labels").path("job").asText();
            boolean up = "up".equals(target.path("health").asText());
            if (job.equals("flink-taskmanager")) {
                // The local stack lists the reporter's whole port range; only used ports answer.
                taskManagersUp += up ? 1 : 0;
            } else if (!up) {
                down.add(
                        job
                                + " "
                                + target.path("scrapeUrl").asText()
                                + ": "
                                + target.path("lastError").asText());
            }
        }
        assertThat(down).as("targets down").isEmpty();
        assertThat(taskManagersUp).as("TaskManagers answering").isPositive();
    }

    @Test
    void everyDashboardPromQlReturnsAtLeastOneSeries() {
        assumePrometheus();
        DashboardQueries queries =
                new DashboardQueries(TimeRange.last(Duration.ofHours(1), Instant.now()));
        List<String> empty = new ArrayList<>();
        int checked = 0;
        for (Dashboard dashboard : dashboards) {
            if (dashboard.variables().stream()
                    .anyMatch(v -> v.datasource().language() == QueryLanguage.SQL)) {
                continue;
            }
            for (RenderedQuery query :
                    queries.render(dashboard, DashboardQueries.SqlLookup.none())) {
                checked++;
                JsonNode data = prometheusApi("/api/v1/query?query=" + encode(query.text()));
                if (data.path("result").isEmpty()) {
                    empty.add(query.describe() + ": " + query.text());
                }
            }
        }
        assertThat(checked).isPositive();
        assertThat(empty).as("queries without a series").isEmpty();
    }

    @Test
    void everyRuleEvaluatesWithoutError() {
        assumePrometheus();
        List<String> broken = new ArrayList<>();
        int rules = 0;
        for (JsonNode group : prometheusApi("/api/v1/rules").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                rules++;
                if (!"ok".equals(rule.path("health").asText())) {
                    broken.add(rule.path("name").asText() + ": " + rule.path("lastError").asText());
                }
            }
        }
        assertThat(rules).as("rules loaded").isPositive();
        assertThat(broken).isEmpty();
    }

    @Test
    void everySqlPanelRunsAsTheReaderAndReturnsRowsWithItsColumns() throws SQLException {
        assumeTrue(
                JDBC_URL != null && READER_PASSWORD != null,
                "set HERDPULSE_JDBC_URL and HERDPULSE_READER_PASSWORD to run against a live PostgreSQL");
        DashboardQueries queries =
                new DashboardQueries(TimeRange.last(Duration.ofHours(6), Instant.now()));
        List<String> failures = new ArrayList<>();
        int checked = 0;
        try (Connection reader =
                DriverManager.getConnection(JDBC_URL, "herdpulse_reader", READER_PASSWORD)) {
            for (Dashboard dashboard : dashboards) {
                for (RenderedQuery query : queries.render(dashboard, new JdbcLookup(reader))) {
                    if (query.language() != QueryLanguage.SQL) {
                        continue;
                    }
                    checked++;
                    try {
                        SqlResult result = SqlResult.run(reader, query);
                        if (result.rows().isEmpty()) {
                            failures.add(query.describe() + ": no rows");
                        } else if (!result.columns().containsAll(query.mappedColumns())) {
                            failures.add(
                                    query.describe()
                                            + ": columns "
                                            + result.columns()
                                            + " lack some of "
                                            + query.mappedColumns());
                        }
                    } catch (AssertionError e) {
                        failures.add(query.describe() + ": " + e.getCause());
                    }
                }
            }
        }
        assertThat(checked).isPositive();
        assertThat(failures).isEmpty();
    }

    private JsonNode prometheusApi(String pathAndQuery) {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(PROMETHEUS.replaceAll("/$", "") + pathAndQuery))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build();
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.path("status").asText())
                    .as(pathAndQuery + " -> " + response.body())
                    .isEqualTo("success");
            return body.path("data");
        } catch (IOException e) {
            throw new AssertionError("Prometheus at " + PROMETHEUS + " does not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void assumePrometheus() {
        assumeTrue(
                PROMETHEUS != null,
                "set HERDPULSE_PROMETHEUS_URL to run against a live Prometheus");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String setting(String property, String variable) {
        String value = System.getProperty(property, System.getenv(variable));
        return value == null || value.isBlank() ? null : value;
    }
}
