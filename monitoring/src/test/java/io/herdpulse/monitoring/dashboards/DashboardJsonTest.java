package io.herdpulse.monitoring.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.herdpulse.monitoring.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The dashboards as files: they parse, and everything they refer to exists. */
class DashboardJsonTest {
    /** Panel types of current Grafana (React panels) that HerdPulse uses. */
    private static final Set<String> CURRENT_TYPES =
            Set.of("row", "timeseries", "stat", "table", "state-timeline", "bargauge");

    /** Angular panels, removed from Grafana 11: they render as an error box. */
    private static final Set<String> DEPRECATED_TYPES =
            Set.of(
                    "graph",
                    "singlestat",
                    "table-old",
                    "grafana-piechart-panel",
                    "grafana-worldmap-panel");

    private static final Path DASHBOARDS = RepositoryFiles.grafana().resolve("dashboards");
    private final List<Dashboard> dashboards = Dashboard.readAll(DASHBOARDS);

    @Test
    void theTwoDashboardsOfIssue7AreProvisioned() {
        assertThat(dashboards)
                .extracting(Dashboard::title)
                .containsExactlyInAnyOrder("HerdPulse pipeline", "Herd health");
    }

    @Test
    void dashboardUidsAreUniqueAndPanelIdsUniquePerDashboard() {
        assertThat(dashboards)
                .extracting(Dashboard::uid)
                .doesNotContainNull()
                .doesNotHaveDuplicates();
        for (Dashboard dashboard : dashboards) {
            assertThat(dashboard.panels())
                    .as(dashboard.uid())
                    .extracting(Panel::id)
                    .doesNotHaveDuplicates()
                    .doesNotContain(0);
        }
    }

    @Test
    void everyPanelIsOfACurrentType() {
        for (Dashboard dashboard : dashboards) {
            for (Panel panel : dashboard.panels()) {
                assertThat(panel.type())
                        .as(dashboard.uid() + " / " + panel.title())
                        .isIn(CURRENT_TYPES)
                        .isNotIn(DEPRECATED_TYPES);
            }
        }
    }

    @Test
    void everyPanelHasAQuery() {
        for (Dashboard dashboard : dashboards) {
            for (Panel panel : dashboard.panels()) {
                if (!panel.isRow()) {
                    assertThat(panel.targets())
                            .as(dashboard.uid() + " / " + panel.title())
                            .isNotEmpty();
                    assertThat(panel.targets())
                            .as(dashboard.uid() + " / " + panel.title())
                            .allSatisfy(target -> assertThat(target.text()).isNotBlank());
                }
            }
        }
    }

    @Test
    void everyDatasourceReferenceResolvesToAProvisionedDatasource() {
        Map<String, String> provisioned = provisionedDatasourceTypes();
        assertThat(provisioned).containsOnlyKeys("herdpulse-prometheus", "herdpulse-postgres");
        for (Dashboard dashboard : dashboards) {
            assertThat(dashboard.datasourceRefs()).as(dashboard.uid()).doesNotContainNull();
            for (DatasourceRef ref : dashboard.datasourceRefs()) {
                assertThat(provisioned).as(dashboard.uid()).containsEntry(ref.uid(), ref.type());
            }
        }
    }

    /** Units make numbers readable; thresholds give stats and gauges their colours. */
    @Test
    void everyPanelShowingNumbersHasAUnitAndThresholds() throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (Path file : dashboardFiles()) {
            for (JsonNode panel : json.readTree(file.toFile()).path("panels")) {
                String type = panel.path("type").asText();
                if (type.equals("row") || type.equals("table") || type.equals("state-timeline")) {
                    continue;
                }
                JsonNode defaults = panel.path("fieldConfig").path("defaults");
                assertThat(defaults.path("unit").asText())
                        .as(file.getFileName() + " / " + panel.path("title").asText())
                        .isNotBlank();
                assertThat(defaults.path("thresholds").path("steps").size())
                        .as(file.getFileName() + " / " + panel.path("title").asText())
                        .isPositive();
            }
        }
    }

    /**
     * A PostgreSQL variable lists only what has rows in the dashboard's time range, and is listed
     * again when the range changes (refresh 2): until 2026-12-06 the farms and a farm's animals
     * were read from the whole history of the stats tables at every load.
     */
    @Test
    void everySqlVariableReadsTheTimeRangeAndIsRefreshedWithIt() throws IOException {
        ObjectMapper json = new ObjectMapper();
        int checked = 0;
        for (Path file : dashboardFiles()) {
            for (JsonNode variable : json.readTree(file.toFile()).path("templating").path("list")) {
                if (!variable.path("datasource").path("type").asText().contains("postgres")) {
                    continue;
                }
                checked++;
                String name = file.getFileName() + " / $" + variable.path("name").asText();
                assertThat(variable.path("query").asText()).as(name).contains("$__timeFilter(");
                assertThat(variable.path("definition").asText())
                        .as(name)
                        .isEqualTo(variable.path("query").asText());
                assertThat(variable.path("refresh").asInt()).as(name + " refresh").isEqualTo(2);
            }
        }
        assertThat(checked).isPositive();
    }

    /** A query's last words {@code or on() vector(n)}: n stands in for a series that is absent. */
    private static final Pattern FALLBACK =
            Pattern.compile("\\bor on\\s*\\(\\s*\\)\\s*vector\\((-?\\d+(?:\\.\\d+)?)\\)\\s*$");

    /**
     * A stat with a red state (a broker not running, no TaskManager, PostgreSQL down) must show it
     * when the process exporting its metric dies: Prometheus marks a dead target's series stale,
     * the query answers nothing, and Grafana showed a neutral grey "No data" where red belonged. So
     * each such query ends with {@code or on() vector(n)}, and the panel shows n red.
     */
    @Test
    void everyStatWithARedStateShowsItRedWhenItsSeriesIsAbsent() throws IOException {
        ObjectMapper json = new ObjectMapper();
        int checked = 0;
        for (Path file : dashboardFiles()) {
            for (JsonNode panel : json.readTree(file.toFile()).path("panels")) {
                JsonNode defaults = panel.path("fieldConfig").path("defaults");
                if (!panel.path("type").asText().equals("stat")
                        || !panel.path("datasource").path("type").asText().equals("prometheus")
                        || !hasRedState(defaults)) {
                    continue;
                }
                checked++;
                for (JsonNode target : panel.path("targets")) {
                    String panelName = file.getFileName() + " / " + panel.path("title").asText();
                    String expr = target.path("expr").asText();
                    Matcher fallback = FALLBACK.matcher(expr);
                    assertThat(fallback.find())
                            .as(panelName + ": no `or on() vector(n)` at the end of " + expr)
                            .isTrue();
                    assertThat(colour(Double.parseDouble(fallback.group(1)), defaults))
                            .as(panelName + ": the colour of the fallback " + fallback.group(1))
                            .contains("red");
                }
            }
        }
        assertThat(checked).isPositive();
    }

    /**
     * A value mapping to red, or red below the first threshold (the low values are the bad ones).
     */
    private static boolean hasRedState(JsonNode defaults) {
        for (JsonNode mapping : defaults.path("mappings")) {
            List<JsonNode> results = new ArrayList<>();
            if (mapping.path("type").asText().equals("value")) {
                mapping.path("options").forEach(results::add);
            } else {
                results.add(mapping.path("options").path("result"));
            }
            if (results.stream().anyMatch(r -> r.path("color").asText().contains("red"))) {
                return true;
            }
        }
        return defaults.path("thresholds")
                .path("steps")
                .path(0)
                .path("color")
                .asText()
                .contains("red");
    }

    /**
     * The colour Grafana gives a value: its value or range mapping's, else its threshold step's.
     */
    private static String colour(double value, JsonNode defaults) {
        for (JsonNode mapping : defaults.path("mappings")) {
            JsonNode options = mapping.path("options");
            JsonNode result = MissingNode.getInstance();
            if (mapping.path("type").asText().equals("value")) {
                result =
                        options.path(
                                value == Math.rint(value)
                                        ? Long.toString((long) value)
                                        : Double.toString(value));
            } else if (mapping.path("type").asText().equals("range")
                    && atMost(options.path("from"), value)
                    && atMost(value, options.path("to"))) {
                result = options.path("result");
            }
            if (result.has("color")) {
                return result.path("color").asText();
            }
        }
        String colour = "";
        for (JsonNode step : defaults.path("thresholds").path("steps")) {
            if (atMost(step.path("value"), value)) {
                colour = step.path("color").asText();
            }
        }
        return colour;
    }

    /** bound <= value, an absent or null bound being minus infinity. */
    private static boolean atMost(JsonNode bound, double value) {
        return !bound.isNumber() || bound.asDouble() <= value;
    }

    /** value <= bound, an absent or null bound being plus infinity. */
    private static boolean atMost(double value, JsonNode bound) {
        return !bound.isNumber() || value <= bound.asDouble();
    }

    @Test
    void everyQueryRendersWithTheDashboardsOwnVariables() {
        DashboardQueries queries =
                new DashboardQueries(TimeRange.last(Duration.ofHours(6), Instant.now()));
        for (Dashboard dashboard : dashboards) {
            assertThatCode(() -> queries.render(dashboard, sql -> Optional.of("farm-1")))
                    .as(dashboard.uid())
                    .doesNotThrowAnyException();
        }
    }

    /**
     * The PostgreSQL datasource logs in as the read-only role with a password from the environment.
     */
    @Test
    void postgresDatasourceIsTheReaderWithItsPasswordFromTheEnvironment() {
        JsonNode postgres = datasource("herdpulse-postgres");
        assertThat(postgres.path("user").asText()).isEqualTo("herdpulse_reader");
        assertThat(postgres.path("jsonData").path("database").asText()).isEqualTo("herdpulse");
        assertThat(postgres.path("secureJsonData").path("password").asText())
                .isEqualTo("${HERDPULSE_READER_PASSWORD}");
        assertThat(postgres.path("url").asText()).matches("\\$\\{\\w+}");
        assertThat(datasource("herdpulse-prometheus").path("url").asText()).matches("\\$\\{\\w+}");
    }

    @Test
    void dashboardProviderLoadsTheDashboardsDirectory() {
        JsonNode providers =
                RepositoryFiles.readYaml(
                                RepositoryFiles.grafana()
                                        .resolve("provisioning/dashboards/herdpulse.yml"))
                        .path("providers");
        assertThat(providers).hasSize(1);
        assertThat(providers.get(0).path("type").asText()).isEqualTo("file");
        assertThat(providers.get(0).path("options").path("path").asText())
                .isEqualTo("${HERDPULSE_DASHBOARDS_DIR}");
    }

    static Map<String, String> provisionedDatasourceTypes() {
        Map<String, String> types = new HashMap<>();
        for (JsonNode datasource : provisionedDatasources()) {
            assertThat(types.put(datasource.path("uid").asText(), datasource.path("type").asText()))
                    .as("duplicate datasource uid")
                    .isNull();
        }
        return types;
    }

    private static JsonNode datasource(String uid) {
        return provisionedDatasources().stream()
                .filter(d -> uid.equals(d.path("uid").asText()))
                .findFirst()
                .orElseThrow();
    }

    private static List<JsonNode> provisionedDatasources() {
        List<JsonNode> all = new ArrayList<>();
        Set<Path> files = new HashSet<>();
        try (Stream<Path> list =
                Files.list(RepositoryFiles.grafana().resolve("provisioning/datasources"))) {
            list.filter(f -> f.toString().endsWith(".yml")).forEach(files::add);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        files.forEach(f -> RepositoryFiles.readYaml(f).path("datasources").forEach(all::add));
        return all;
    }

    private static List<Path> dashboardFiles() throws IOException {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }
}
