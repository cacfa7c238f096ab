package io.herdpulse.monitoring.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.herdpulse.monitoring.RepositoryFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local and the compose Prometheus configurations differ in their targets only. */
class PrometheusConfigsTest {
    private final JsonNode local =
            RepositoryFiles.readYaml(RepositoryFiles.prometheus().resolve("prometheus.yml"));
    private final JsonNode compose =
            RepositoryFiles.readYaml(
                    RepositoryFiles.prometheus().resolve("prometheus-compose.yml"));

    @Test
    void bothLoadTheSameRulesWithTheSameIntervals() {
        assertThat(compose.path("global")).isEqualTo(local.path("global"));
        assertThat(compose.path("rule_files")).isEqualTo(local.path("rule_files"));
        assertThat(local.path("rule_files").get(0).asText()).isEqualTo("rules/*.yml");
    }

    @Test
    void bothScrapeTheSameJobs() {
        assertThat(jobNames(compose)).isEqualTo(jobNames(local));
    }

    /**
     * shared/DESIGN.md, "Ports": everything on 127.0.0.1 at its fixed port, but for TaskManagers
     * and producers, which come and go: the stack announces those that run in files of its own.
     */
    @Test
    void localTargetsAreTheDesignPortsOnLoopbackOrTheFilesTheStackWrites() {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("prometheus", List.of("127.0.0.1:9090"));
        expected.put("flink-jobmanager", List.of("127.0.0.1:9249"));
        expected.put("flink-taskmanager", List.of("file targets/flink-taskmanager-*.json"));
        expected.put("kafka", List.of("127.0.0.1:7071"));
        expected.put("postgres", List.of("127.0.0.1:9187"));
        expected.put("producer", List.of("file targets/producer-*.json"));
        expected.put("herdpulse-supervisor", List.of("127.0.0.1:9410"));

        Map<String, List<String>> actual = new LinkedHashMap<>();
        for (JsonNode job : local.path("scrape_configs")) {
            List<String> targets = new ArrayList<>();
            job.path("static_configs")
                    .forEach(c -> c.path("targets").forEach(t -> targets.add(t.asText())));
            job.path("file_sd_configs")
                    .forEach(c -> c.path("files").forEach(f -> targets.add("file " + f.asText())));
            actual.put(job.path("job_name").asText(), targets);
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void composeFindsEveryTaskManagerReplicaThroughDns() {
        JsonNode taskManagers = job(compose, "flink-taskmanager");
        assertThat(taskManagers.path("dns_sd_configs").get(0).path("names").get(0).asText())
                .isEqualTo("taskmanager");
        assertThat(taskManagers.path("dns_sd_configs").get(0).path("port").asInt()).isEqualTo(9249);
    }

    private static List<String> jobNames(JsonNode config) {
        List<String> names = new ArrayList<>();
        config.path("scrape_configs").forEach(job -> names.add(job.path("job_name").asText()));
        return names;
    }

    private static JsonNode job(JsonNode config, String name) {
        for (JsonNode job : config.path("scrape_configs")) {
            if (name.equals(job.path("job_name").asText())) {
                return job;
            }
        }
        throw new AssertionError("no scrape job " + name);
    }
}
