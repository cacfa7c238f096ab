package io.herdpulse.monitoring.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herdpulse.monitoring.RepositoryFiles;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The extractor against the real dashboard files. */
class DashboardQueriesTest {
    private static final TimeRange RANGE =
            new TimeRange(
                    Instant.parse("2026-11-24T06:00:00Z"), Instant.parse("2026-11-24T08:00:00Z"));
    private final DashboardQueries queries = new DashboardQueries(RANGE);

    @Test
    void prometheusVariablesDefaultToAll() {
        Dashboard pipeline = dashboard("herdpulse-pipeline");
        Map<String, String> values =
                queries.resolveVariables(pipeline, Map.of(), DashboardQueries.SqlLookup.none());
        assertThat(values).containsExactly(Map.entry("job_name", ".+"), Map.entry("topic", ".+"));

        List<RenderedQuery> rendered = queries.render(pipeline, values);
        assertThat(rendered)
                .filteredOn(q -> q.panelTitle().equals("Messages in per topic"))
                .singleElement()
                .satisfies(
                        q -> {
                            assertThat(q.language()).isEqualTo(QueryLanguage.PROMQL);
                            assertThat(q.text())
                                    .isEqualTo(
                                            "sum by (topic) (rate(kafka_server_broker_topic_messages_in_total{topic=~\".+\"}[60s]))");
                        });
        assertThat(rendered).allSatisfy(q -> assertThat(q.text()).doesNotContain("$"));
    }

    /** $animal's query uses $farm: variables resolve in order, each with the values before it. */
    @Test
    void sqlVariablesTakeTheFirstRowOfTheirQueryInOrder() {
        Dashboard herd = dashboard("herdpulse-herd-health");
        List<String> asked = new ArrayList<>();
        Map<String, String> values =
                queries.resolveVariables(
                        herd,
                        Map.of(),
                        sql -> {
                            asked.add(sql);
                            return Optional.of(asked.size() == 1 ? "farm-7" : "cow-42");
                        });

        assertThat(values)
                .containsExactly(Map.entry("farm", "farm-7"), Map.entry("animal", "cow-42"));
        assertThat(asked.get(1)).contains("WHERE farm_id = 'farm-7'");
    }

    @Test
    void explicitValuesWinAndAnEmptyVariableQueryIsAnError() {
        Dashboard herd = dashboard("herdpulse-herd-health");
        assertThat(
                        queries.resolveVariables(
                                herd,
                                Map.of("farm", "f", "animal", "a"),
                                DashboardQueries.SqlLookup.none()))
                .containsExactly(Map.entry("farm", "f"), Map.entry("animal", "a"));
        assertThatThrownBy(() -> queries.resolveVariables(herd, Map.of(), sql -> Optional.empty()))
                .hasMessageContaining("variable $farm of herdpulse-herd-health has no value");
    }

    @Test
    void sqlPanelsNameTheColumnsTheyMap() {
        List<RenderedQuery> rendered =
                queries.render(
                        dashboard("herdpulse-herd-health"), Map.of("farm", "f1", "animal", "a1"));

        assertThat(rendered)
                .allSatisfy(q -> assertThat(q.language()).isEqualTo(QueryLanguage.SQL))
                .filteredOn(q -> q.format().equals("time_series"))
                .allSatisfy(q -> assertThat(q.mappedColumns()).contains("time"));
        assertThat(byTitle(rendered, "Active alerts").mappedColumns())
                .containsExactlyInAnyOrder("started_at", "severity", "animal_id", "details");
        assertThat(byTitle(rendered, "Alerts by kind").mappedColumns()).containsExactly("alerts");
        assertThat(byTitle(rendered, "Temperature").text())
                .isEqualTo(
                        "SELECT window_start AS \"time\", temp_avg AS average, temp_min AS minimum, temp_max AS maximum\n"
                                + "  FROM herdpulse.animal_health_stats\n"
                                + " WHERE animal_id = 'a1' AND window_start BETWEEN '2026-11-24T06:00:00Z' AND '2026-11-24T08:00:00Z'\n"
                                + " ORDER BY 1");
    }

    /**
     * Flink's GC time is a counter of milliseconds: its rate is milliseconds per second, shown as a
     * share of time. Failed checkpoints count over the dashboard's range, not since the job
     * started, where one failure kept the stat orange for the job's life.
     */
    @Test
    void gcTimeIsAShareOfTimeAndFailedCheckpointsCountOverTheRange() throws IOException {
        Dashboard pipeline = dashboard("herdpulse-pipeline");
        List<RenderedQuery> rendered = queries.render(pipeline, DashboardQueries.SqlLookup.none());

        assertThat(byTitle(rendered, "TaskManager share of time in GC").text())
                .isEqualTo(
                        "rate(flink_taskmanager_Status_JVM_GarbageCollector_All_Time[5m]) / 1000");
        assertThat(unit("herdpulse-pipeline.json", "TaskManager share of time in GC"))
                .isEqualTo("percentunit");
        assertThat(byTitle(rendered, "Failed checkpoints (time range)").text())
                .isEqualTo(
                        "max by (job_name) (increase(flink_jobmanager_job_numberOfFailedCheckpoints{job_name=~\".+\"}[7200s]))");
    }

    private static String unit(String file, String title) throws IOException {
        JsonNode dashboard =
                new ObjectMapper()
                        .readTree(
                                RepositoryFiles.grafana()
                                        .resolve("dashboards")
                                        .resolve(file)
                                        .toFile());
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("title").asText().equals(title)) {
                return panel.path("fieldConfig").path("defaults").path("unit").asText();
            }
        }
        throw new AssertionError("no panel " + title + " in " + file);
    }

    private static RenderedQuery byTitle(List<RenderedQuery> queries, String title) {
        return queries.stream().filter(q -> q.panelTitle().equals(title)).findFirst().orElseThrow();
    }

    static Dashboard dashboard(String uid) {
        return Dashboard.readAll(RepositoryFiles.grafana().resolve("dashboards")).stream()
                .filter(d -> d.uid().equals(uid))
                .findFirst()
                .orElseThrow();
    }
}
