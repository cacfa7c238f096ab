package io.herdpulse.monitoring.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
