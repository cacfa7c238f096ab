package io.herdpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The postgres exporter of deploy/kubernetes/monitoring is the local stack's: the same image
 * version and the same queries file (monitoring/postgres/queries.yml, made a ConfigMap by a
 * kustomization beside it, not copied), logged in as herdpulse_monitor with the password of a
 * Secret bin/secrets creates, on the database the job writes to.
 */
class PostgresExporterTest {
    private static final Path MONITORING = KubernetesFiles.DIRECTORY.resolve("monitoring");
    private static final Path QUERIES_DIRECTORY =
            KubernetesFiles.REPOSITORY.resolve("monitoring/postgres");
    private static final Path QUERIES = QUERIES_DIRECTORY.resolve("queries.yml");
    private static final String IMAGE = "quay.io/prometheuscommunity/postgres-exporter";
    private static final String MONITOR_ROLE = "herdpulse_monitor";

    private final Deployment exporter =
            (Deployment) KubernetesFiles.find("Deployment", "herdpulse-postgres-exporter").object();
    private final Container container =
            exporter.getSpec().getTemplate().getSpec().getContainers().get(0);

    @Test
    void theExporterReadsTheLocalStacksQueriesFileFromTheConfigMapGeneratedFromIt() {
        // The monitoring kustomization takes in the kustomization beside queries.yml.
        List<String> resources = kustomization(MONITORING).get("resources");
        assertThat(resources)
                .extracting(entry -> MONITORING.resolve(entry).normalize())
                .contains(QUERIES_DIRECTORY.normalize());
        // That kustomization makes a ConfigMap of queries.yml itself, under the file's name.
        List<Map<String, Object>> generators =
                kustomization(QUERIES_DIRECTORY).get("configMapGenerator");
        assertThat(generators).hasSize(1);
        assertThat(generators.get(0)).containsEntry("files", List.of("queries.yml"));
        String configMap = (String) generators.get(0).get("name");

        // The exporter mounts that ConfigMap where --extend.query-path looks for the file.
        Volume volume =
                exporter.getSpec().getTemplate().getSpec().getVolumes().stream()
                        .filter(v -> v.getConfigMap() != null)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no ConfigMap volume"));
        assertThat(volume.getConfigMap().getName()).isEqualTo(configMap);
        VolumeMount mount =
                container.getVolumeMounts().stream()
                        .filter(m -> m.getName().equals(volume.getName()))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("ConfigMap volume not mounted"));
        assertThat(container.getArgs())
                .contains(
                        "--extend.query-path="
                                + mount.getMountPath()
                                + "/"
                                + QUERIES.getFileName());

        // The local stack's exporter (docker-compose.yml) reads the same file.
        assertThat(KubernetesFiles.text(KubernetesFiles.REPOSITORY.resolve("docker-compose.yml")))
                .contains("./monitoring/postgres/queries.yml:");
    }

    @Test
    void kustomizeRendersTheQueriesFileAsItIsAndTheDeploymentMountsIt() {
        List<HasMetadata> rendered = KubernetesFiles.kustomized(MONITORING);
        ConfigMap queries = KubernetesFiles.first(rendered, ConfigMap.class);
        assertThat(queries.getData())
                .containsExactly(
                        Map.entry(QUERIES.getFileName().toString(), KubernetesFiles.text(QUERIES)));
        Deployment renderedExporter =
                rendered.stream()
                        .filter(Deployment.class::isInstance)
                        .map(Deployment.class::cast)
                        .filter(
                                d ->
                                        d.getMetadata()
                                                .getName()
                                                .equals("herdpulse-postgres-exporter"))
                        .findFirst()
                        .orElseThrow();
        // Under the generated name, with its hash: a changed file rolls the exporter.
        assertThat(renderedExporter.getSpec().getTemplate().getSpec().getVolumes())
                .extracting(v -> v.getConfigMap() == null ? null : v.getConfigMap().getName())
                .contains(queries.getMetadata().getName());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theExporterLogsInAsTheMonitorRoleFromTheSecretBinSecretsCreates() {
        SecretKeySelector user = secretReference("DATA_SOURCE_USER");
        SecretKeySelector password = secretReference("PGPASSWORD");
        String monitorSecret = libraryValue("MONITOR_SECRET");
        assertThat(List.of(user.getName(), password.getName())).containsOnly(monitorSecret);
        assertThat(user.getKey()).isEqualTo("username");
        assertThat(password.getKey()).isEqualTo("password");

        // bin/secrets creates that Secret for that role, with those keys.
        String secrets = KubernetesFiles.text(KubernetesFiles.DIRECTORY.resolve("bin/secrets"));
        assertThat(secrets).contains("create \"$MONITOR_SECRET\" " + MONITOR_ROLE + "\n");
        Set<String> keys =
                Pattern.compile("--from-(?:literal|file)=(\\w+)=")
                        .matcher(secrets)
                        .results()
                        .map(match -> match.group(1))
                        .collect(Collectors.toSet());
        assertThat(keys).contains(user.getKey(), password.getKey());

        // The example database gives the role that Secret's password; the migration grants it
        // pg_monitor, what the exporter reads, and no table.
        GenericKubernetesResource cluster =
                KubernetesFiles.find("Cluster", "herdpulse-db").generic();
        List<Map<String, Object>> roles = cluster.get("spec", "managed", "roles");
        assertThat(roles)
                .filteredOn(role -> MONITOR_ROLE.equals(role.get("name")))
                .singleElement()
                .satisfies(
                        role -> {
                            assertThat(role).containsEntry("login", true);
                            assertThat((Map<Object, Object>) role.get("passwordSecret"))
                                    .containsEntry("name", monitorSecret);
                        });
        assertThat(
                        KubernetesFiles.text(
                                KubernetesFiles.REPOSITORY.resolve(
                                        "sql/src/main/resources/db/herdpulse/V2__roles.sql")))
                .contains("GRANT pg_monitor TO " + MONITOR_ROLE + ";");
        // No credential of any other kind.
        assertThat(container.getEnv())
                .extracting(EnvVar::getName)
                .doesNotContain("DATA_SOURCE_NAME", "DATA_SOURCE_PASS", "DATA_SOURCE_PASS_FILE");
    }

    @Test
    void theExporterWatchesTheDatabaseTheJobWritesTo() {
        URI job =
                URI.create(
                        JobOptionsTest.manifestConfig()
                                .database()
                                .url()
                                .substring("jdbc:".length()));
        URI exporterUri = URI.create("postgresql://" + value("DATA_SOURCE_URI"));
        assertThat(exporterUri.getHost()).isEqualTo(job.getHost());
        assertThat(exporterUri.getPort()).isEqualTo(job.getPort());
        assertThat(exporterUri.getPath()).isEqualTo(job.getPath());
    }

    @Test
    void theExporterIsTheOfficialImageAtTheLocalStacksVersion() {
        Matcher compose =
                Pattern.compile("prometheuscommunity/postgres-exporter:(\\S+)")
                        .matcher(
                                KubernetesFiles.text(
                                        KubernetesFiles.REPOSITORY.resolve("docker-compose.yml")));
        assertThat(compose.find()).isTrue();
        assertThat(container.getImage()).isEqualTo(IMAGE + ":" + compose.group(1));
        assertThat(container.getPorts())
                .singleElement()
                .satisfies(
                        port -> {
                            assertThat(port.getName()).isEqualTo("metrics");
                            assertThat(container.getArgs())
                                    .contains("--web.listen-address=:" + port.getContainerPort());
                        });
    }

    private SecretKeySelector secretReference(String variable) {
        return container.getEnv().stream()
                .filter(env -> env.getName().equals(variable))
                .map(env -> env.getValueFrom().getSecretKeyRef())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + variable + " from a Secret"));
    }

    private String value(String variable) {
        return container.getEnv().stream()
                .filter(env -> env.getName().equals(variable))
                .map(EnvVar::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + variable));
    }

    static GenericKubernetesResource kustomization(Path directory) {
        return KubernetesFiles.SERIALIZATION.unmarshal(
                KubernetesFiles.text(directory.resolve(KubernetesFiles.KUSTOMIZATION)),
                GenericKubernetesResource.class);
    }

    /** A `readonly NAME=value` of bin/lib.sh, the names the scripts use. */
    static String libraryValue(String name) {
        Matcher matcher =
                Pattern.compile("(?m)^readonly " + name + "=(\\S+)$")
                        .matcher(
                                KubernetesFiles.text(
                                        KubernetesFiles.DIRECTORY.resolve("bin/lib.sh")));
        assertThat(matcher.find()).as(name + " in bin/lib.sh").isTrue();
        return matcher.group(1);
    }
}
