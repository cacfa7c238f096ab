package io.herdpulse.monitoring.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.herdpulse.monitoring.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml against shared/DESIGN.md and the local stack's configuration: same ports on
 * loopback only, pinned images, files that exist, passwords from .env.
 */
class ComposeFileTest {
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{(\\w+)(:?[-?][^}]*)?}");

    /** Build outputs the compose file mounts, produced by `mvn package` (not in git). */
    private static final Set<String> BUILD_OUTPUTS =
            Set.of(
                    "./dist/kafka/target/agent/jmx_prometheus_javaagent.jar",
                    "./job/target/herdpulse-job.jar",
                    "./producer/target/herdpulse-producer.jar");

    private final ComposeFile compose = ComposeFile.read();

    @Test
    void everyComponentOfTheLocalStackIsAService() {
        assertThat(compose.services().keySet())
                .containsExactlyInAnyOrder(
                        "kafka",
                        "kafka-init",
                        "postgres",
                        "db-migrate",
                        "db-roles",
                        "flink-checkpoints-init",
                        "jobmanager",
                        "taskmanager",
                        "job-submitter",
                        "producer",
                        "fake-api",
                        "poller",
                        "postgres-exporter",
                        "prometheus",
                        "grafana");
    }

    /** shared/DESIGN.md, "Ports", each published on the host's loopback only. */
    @Test
    void publishedPortsAreTheDesignPortsOnLoopbackOnly() {
        Map<String, List<Integer>> expected = new TreeMap<>();
        expected.put("kafka", List.of(9092, 7071));
        expected.put("postgres", List.of(5432));
        expected.put("jobmanager", List.of(8081, 9249));
        expected.put("producer", List.of(9400));
        expected.put("fake-api", List.of(8401));
        expected.put("poller", List.of(9400)); // in place of the producer: another profile
        expected.put("postgres-exporter", List.of(9187));
        expected.put("prometheus", List.of(9090));
        expected.put("grafana", List.of(3000));

        Map<String, List<Integer>> published = new TreeMap<>();
        compose.services()
                .forEach(
                        (name, service) -> {
                            for (JsonNode port : service.path("ports")) {
                                String[] parts = port.asText().split(":");
                                assertThat(parts).as(name + " " + port.asText()).hasSize(3);
                                assertThat(parts[0])
                                        .as(name + " " + port.asText())
                                        .isEqualTo("127.0.0.1");
                                published
                                        .computeIfAbsent(name, n -> new ArrayList<>())
                                        .add(Integer.parseInt(parts[1]));
                            }
                        });
        assertThat(published).isEqualTo(expected);
    }

    /**
     * What the local Prometheus scrapes at a fixed port on 127.0.0.1 is reachable at the same port
     * from the host (TaskManagers and producers are discovered, not listed).
     */
    @Test
    void everyFixedLocalScrapePortIsPublished() {
        Set<Integer> published = new TreeSet<>();
        compose.services()
                .values()
                .forEach(
                        s ->
                                s.path("ports")
                                        .forEach(
                                                p ->
                                                        published.add(
                                                                Integer.parseInt(
                                                                        p.asText()
                                                                                .split(":")[1]))));
        JsonNode local =
                RepositoryFiles.readYaml(RepositoryFiles.prometheus().resolve("prometheus.yml"));
        for (JsonNode job : local.path("scrape_configs")) {
            if (job.path("job_name").asText().equals("herdpulse-supervisor")) {
                continue; // the local stack's own: compose's restart policies do its work
            }
            job.path("static_configs")
                    .forEach(
                            c ->
                                    c.path("targets")
                                            .forEach(
                                                    t ->
                                                            assertThat(published)
                                                                    .contains(
                                                                            Integer.parseInt(
                                                                                    t.asText()
                                                                                            .split(
                                                                                                    ":")[
                                                                                            1]))));
        }
    }

    @Test
    void everyImageIsPinnedToAVersion() {
        compose.services()
                .forEach(
                        (name, service) -> {
                            String image = service.path("image").asText();
                            assertThat(image)
                                    .as(name)
                                    .matches("[\\w./-]+:[\\w.-]*\\d[\\w.-]*")
                                    .doesNotEndWith(":latest");
                        });
    }

    @Test
    void everyMountedRepositoryFileExists() {
        compose.services()
                .forEach(
                        (name, service) -> {
                            for (JsonNode volume : service.path("volumes")) {
                                String source = volume.asText().split(":")[0];
                                if (!source.startsWith("./")) {
                                    assertThat(compose.root().path("volumes").has(source))
                                            .as(name + " volume " + source)
                                            .isTrue();
                                } else if (source.contains("/target/")) {
                                    assertThat(BUILD_OUTPUTS)
                                            .as(name + " mounts a build output")
                                            .contains(source);
                                } else {
                                    assertThat(RepositoryFiles.root().resolve(source))
                                            .as(name)
                                            .exists();
                                }
                            }
                        });
        assertThat(RepositoryFiles.root().resolve("dist/kafka/pom.xml")).exists();
    }

    @Test
    void servicesWaitForWhatTheyNeedThroughHealthchecksAndCompletions() {
        compose.services()
                .forEach(
                        (name, service) -> {
                            for (Iterator<Map.Entry<String, JsonNode>> it =
                                            service.path("depends_on").fields();
                                    it.hasNext(); ) {
                                Map.Entry<String, JsonNode> dependency = it.next();
                                String condition = dependency.getValue().path("condition").asText();
                                assertThat(condition)
                                        .as(name + " -> " + dependency.getKey())
                                        .isIn("service_healthy", "service_completed_successfully");
                                JsonNode target = compose.services().get(dependency.getKey());
                                if (condition.equals("service_healthy")) {
                                    assertThat(target.has("healthcheck"))
                                            .as(dependency.getKey() + " healthcheck")
                                            .isTrue();
                                } else {
                                    assertThat(target.path("restart").asText())
                                            .as(dependency.getKey() + " is one-shot")
                                            .isEqualTo("no");
                                }
                            }
                            if (service.path("restart").asText().equals("unless-stopped")) {
                                assertThat(service.has("healthcheck"))
                                        .as(name + " healthcheck")
                                        .isTrue();
                            }
                        });
    }

    /** Every secret comes from .env; .env.example names exactly the variables the file needs. */
    @Test
    void passwordsComeFromTheEnvFileAndNoneIsWrittenDown() throws IOException {
        String text = Files.readString(ComposeFile.FILE);
        Set<String> required = new TreeSet<>();
        Matcher reference = ENV_REFERENCE.matcher(text);
        while (reference.find()) {
            if (reference.group(2) == null || reference.group(2).startsWith(":?")) {
                required.add(reference.group(1));
            }
        }
        Set<String> composeSettings = new TreeSet<>(envExampleKeys(false));
        composeSettings.removeIf(
                key -> key.startsWith("COMPOSE_")); // Compose's own, not the file's
        assertThat(required).isEqualTo(composeSettings);
        assertThat(envExampleKeys(true)).contains("HERDPULSE_TOPIC_PARTITIONS");

        compose.services()
                .forEach(
                        (name, service) ->
                                service.path("environment")
                                        .fields()
                                        .forEachRemaining(
                                                env -> {
                                                    if (env.getKey().matches(".*PASS(WORD)?$")) {
                                                        assertThat(env.getValue().asText())
                                                                .as(name + " " + env.getKey())
                                                                .startsWith("${")
                                                                .endsWith("}");
                                                    }
                                                }));
    }

    /**
     * The exporter's password goes in as PGPASSWORD, which its driver reads as it is: given as
     * DATA_SOURCE_PASS, exporter 0.11.1 (this file's) splices it into a connection string that it
     * splits at spaces, and exits at start on a password holding one (the local stack's exporter:
     * the stack module's ExporterLoginTest runs the real one).
     */
    @Test
    void theExporterTakesItsPasswordAsPgpassword() {
        JsonNode environment = compose.services().get("postgres-exporter").path("environment");
        assertThat(environment.path("PGPASSWORD").asText())
                .startsWith("${HERDPULSE_MONITOR_PASSWORD:?");
        assertThat(environment.has("DATA_SOURCE_PASS")).isFalse();
        assertThat(environment.path("DATA_SOURCE_USER").asText()).isEqualTo("herdpulse_monitor");
    }

    /**
     * Known default passwords would be everybody's: Compose refuses to start until .env sets them.
     */
    @Test
    void theEnvExampleLeavesEveryPasswordEmpty() throws IOException {
        assertThat(Files.readAllLines(RepositoryFiles.root().resolve(".env.example")))
                .filteredOn(line -> line.matches("^[A-Z_]*PASSWORD=.*"))
                .hasSize(5)
                .allMatch(line -> line.endsWith("="));
    }

    /**
     * Flink's 2.2 image runs as its user "flink" (uid 9999) and cannot chown a fresh volume, which
     * belongs to root: a one-shot container does it as root before any Flink process starts.
     */
    @Test
    void theFlinkProcessesGetACheckpointVolumeTheirUserOwns() {
        JsonNode init = compose.services().get("flink-checkpoints-init");
        assertThat(init.path("user").asText()).isEqualTo("0");
        assertThat(ComposeFile.text(init.path("entrypoint")))
                .isEqualTo("chown 9999:9999 /opt/flink/checkpoints");
        for (String process : List.of("jobmanager", "taskmanager")) {
            JsonNode service = compose.services().get(process);
            assertThat(service.has("entrypoint")).as(process + " entrypoint").isFalse();
            assertThat(service.path("volumes").get(0).asText())
                    .isEqualTo(init.path("volumes").get(0).asText());
            assertThat(
                            service.path("depends_on")
                                    .path("flink-checkpoints-init")
                                    .path("condition")
                                    .asText())
                    .as(process)
                    .isEqualTo("service_completed_successfully");
        }
    }

    /**
     * On its first start the image initialises the cluster with a server on its socket only:
     * healthy there, the migrations' TCP connection was refused.
     */
    @Test
    void postgresIsHealthyOnlyWhenItAnswersOverTcp() {
        assertThat(
                        ComposeFile.text(
                                compose.services()
                                        .get("postgres")
                                        .path("healthcheck")
                                        .path("test")))
                .contains("pg_isready -h 127.0.0.1 ");
    }

    @Test
    void theJobIsSubmittedWithTheDesignOptionsAndItsPasswordFromTheEnvironment() {
        JsonNode submitter = compose.services().get("job-submitter");
        String command = ComposeFile.text(submitter.path("command")).replaceAll("\\\\\\s+", " ");
        assertThat(command)
                // -p: the client reads the image's configuration (parallelism 1), not
                // FLINK_PROPERTIES.
                .contains("flink run -m jobmanager:8081 -d -p 2 /opt/herdpulse/herdpulse-job.jar")
                .contains("--bootstrap-servers kafka:9092")
                .contains("--db-url jdbc:postgresql://postgres:5432/herdpulse")
                .contains("--db-user herdpulse_writer");
        assertThat(submitter.path("environment").path("HERDPULSE_DB_PASSWORD").asText())
                .startsWith("${HERDPULSE_DB_PASSWORD");
        assertThat(submitter.path("volumes").get(0).asText())
                .endsWith(":/opt/herdpulse/herdpulse-job.jar:ro");
    }

    @Test
    void theProducerSimulatesTheDemoHerdAndExposesItsMetrics() {
        assertThat(ComposeFile.text(compose.services().get("producer").path("command")))
                .isEqualTo(
                        "java -jar /opt/herdpulse/herdpulse-producer.jar simulate --bootstrap-servers kafka:9092"
                                + " --farms 2 --animals 50 --start -P7D --metrics-port 9400 --metrics-host 0.0.0.0");
    }

    /**
     * The readings' source is a profile, as {@code bin/herdpulse up --source}: the simulator by
     * default (.env.example), or the fake vendor API and the poller pulling it, scraped as the
     * producer.
     */
    @Test
    void theSourceOfReadingsIsAProfileTheSimulatorByDefaultOrTheFakeApiAndItsPoller()
            throws IOException {
        assertThat(compose.services().get("producer").path("profiles"))
                .extracting(JsonNode::asText)
                .containsExactly("simulator");
        for (String service : List.of("fake-api", "poller")) {
            assertThat(compose.services().get(service).path("profiles"))
                    .extracting(JsonNode::asText)
                    .containsExactly("api");
        }
        assertThat(Files.readAllLines(RepositoryFiles.root().resolve(".env.example")))
                .contains("COMPOSE_PROFILES=simulator");
        JsonNode poller = compose.services().get("poller");
        assertThat(ComposeFile.text(poller.path("command")))
                .contains("poll --api-url http://fake-api:8401/v1/readings")
                .contains("--state-dir /var/lib/herdpulse/poll")
                .contains("--bootstrap-servers kafka:9092 --metrics-port 9400");
        assertThat(poller.path("networks").path("default").path("aliases"))
                .extracting(JsonNode::asText)
                .containsExactly("producer");
        assertThat(ComposeFile.text(compose.services().get("fake-api").path("command")))
                .contains("fake-api --host 0.0.0.0 --port 8401 --farms 2 --animals 50")
                .contains("--herd-file /var/lib/herdpulse/fake-api/herd.properties");
    }

    @Test
    void flinkReportsToPrometheusOnThePortTheComposePrometheusScrapes() {
        for (String service : List.of("jobmanager", "taskmanager")) {
            assertThat(compose.flinkConfiguration(service))
                    .containsEntry(
                            "metrics.reporter.prom.factory.class",
                            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory")
                    .containsEntry("metrics.reporter.prom.port", "9249");
        }
        assertThat(compose.services().get("taskmanager").has("ports"))
                .as("scalable: no fixed host port")
                .isFalse();
    }

    /**
     * Prometheus and Grafana get the monitoring files the local stack uses, and what those files
     * read.
     */
    @Test
    void prometheusAndGrafanaUseTheSharedMonitoringFiles() throws IOException {
        JsonNode prometheus = compose.services().get("prometheus");
        assertThat(ComposeFile.text(prometheus.path("command")))
                .contains("--config.file=/etc/prometheus/prometheus-compose.yml");
        assertThat(prometheus.path("volumes").get(0).asText())
                .isEqualTo("./monitoring/prometheus:/etc/prometheus:ro");

        JsonNode grafana = compose.services().get("grafana");
        Set<String> provisioningNeeds = new TreeSet<>();
        try (Stream<Path> files = Files.walk(RepositoryFiles.grafana().resolve("provisioning"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Matcher reference =
                        ENV_REFERENCE.matcher(Files.readString(file).replaceAll("(?m)#.*$", ""));
                while (reference.find()) {
                    provisioningNeeds.add(reference.group(1));
                }
            }
        }
        Set<String> grafanaEnvironment = new TreeSet<>();
        grafana.path("environment").fieldNames().forEachRemaining(grafanaEnvironment::add);
        assertThat(grafanaEnvironment).containsAll(provisioningNeeds);
        assertThat(provisioningNeeds)
                .contains("HERDPULSE_READER_PASSWORD", "HERDPULSE_PROMETHEUS_URL");
        assertThat(grafana.path("volumes"))
                .extracting(JsonNode::asText)
                .contains(
                        "./monitoring/grafana/provisioning:/etc/grafana/provisioning:ro",
                        "./monitoring/grafana/dashboards:"
                                + grafana.path("environment")
                                        .path("HERDPULSE_DASHBOARDS_DIR")
                                        .asText()
                                + ":ro");
    }

    /**
     * A server listening on all interfaces is a decision: each 0.0.0.0 has a comment saying why.
     */
    @Test
    void everyAllInterfacesBindingIsExplained() throws IOException {
        List<String> lines = Files.readAllLines(ComposeFile.FILE);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.contains("0.0.0.0") && !line.trim().startsWith("#")) {
                boolean explained = false;
                for (int j = Math.max(0, i - 4); j < i; j++) {
                    explained |=
                            lines.get(j).trim().startsWith("#") && lines.get(j).contains("0.0.0.0");
                }
                assertThat(explained).as("line " + (i + 1) + ": " + line.trim()).isTrue();
            }
        }
    }

    static Set<String> envExampleKeys(boolean includeCommentedOut) throws IOException {
        Set<String> keys = new TreeSet<>();
        for (String line : Files.readAllLines(RepositoryFiles.root().resolve(".env.example"))) {
            String entry = includeCommentedOut ? line.replaceFirst("^#\\s*", "") : line;
            Matcher key = Pattern.compile("^([A-Z][A-Z0-9_]*)=").matcher(entry);
            if (key.find()) {
                keys.add(key.group(1));
            }
        }
        return keys;
    }
}
