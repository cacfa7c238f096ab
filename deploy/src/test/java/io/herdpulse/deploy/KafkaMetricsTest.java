package io.herdpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The example's brokers export their metrics with the local stack's JMX exporter rules
 * (monitoring/kafka/jmx-exporter.yml, made a ConfigMap by a kustomization beside it, not copied),
 * so KafkaOfflinePartitions, KafkaUnderReplicatedPartitions and the Kafka panels read the same
 * names on a cluster. Strimzi's metricsConfig as its CRD (Strimzi 1.2.0, kafka.strimzi.io/v1) has
 * it: type jmxPrometheusExporter, valueFrom.configMapKeyRef {name, key}.
 */
class KafkaMetricsTest {
    private static final Path EXAMPLES = KubernetesFiles.DIRECTORY.resolve("examples");
    private static final Path RULES_DIRECTORY =
            KubernetesFiles.REPOSITORY.resolve("monitoring/kafka");
    private static final Path RULES = RULES_DIRECTORY.resolve("jmx-exporter.yml");

    private final GenericKubernetesResource kafka =
            KubernetesFiles.find("Kafka", "herdpulse-kafka").generic();

    @Test
    void theExampleKafkaExportsWithTheLocalStacksJmxRulesFromTheConfigMapGeneratedFromThem() {
        assertThat(kafka.<String>get("spec", "kafka", "metricsConfig", "type"))
                .isEqualTo("jmxPrometheusExporter");
        Map<String, Object> reference =
                kafka.get("spec", "kafka", "metricsConfig", "valueFrom", "configMapKeyRef");
        assertThat(reference).containsOnlyKeys("name", "key");

        List<String> resources = PostgresExporterTest.kustomization(EXAMPLES).get("resources");
        assertThat(resources)
                .extracting(entry -> EXAMPLES.resolve(entry).normalize())
                .contains(RULES_DIRECTORY.normalize());
        List<Map<String, Object>> generators =
                PostgresExporterTest.kustomization(RULES_DIRECTORY).get("configMapGenerator");
        assertThat(generators).hasSize(1);
        assertThat(generators.get(0))
                .containsEntry("name", reference.get("name"))
                .containsEntry("files", List.of(reference.get("key")));
        assertThat(RULES_DIRECTORY.resolve((String) reference.get("key"))).isEqualTo(RULES);

        // The local stack's broker (docker-compose.yml) runs the same file.
        assertThat(KubernetesFiles.text(KubernetesFiles.REPOSITORY.resolve("docker-compose.yml")))
                .contains("./monitoring/kafka/jmx-exporter.yml:");
    }

    @Test
    void kustomizeRendersTheRulesAsTheyAreUnderTheNameTheKafkaReads() {
        List<HasMetadata> rendered = KubernetesFiles.kustomized(EXAMPLES);
        ConfigMap rules = KubernetesFiles.first(rendered, ConfigMap.class);
        GenericKubernetesResource renderedKafka =
                rendered.stream()
                        .filter(object -> object.getKind().equals("Kafka"))
                        .map(GenericKubernetesResource.class::cast)
                        .findFirst()
                        .orElseThrow();
        Map<String, Object> reference =
                renderedKafka.get("spec", "kafka", "metricsConfig", "valueFrom", "configMapKeyRef");
        // The generated name with its hash (examples/kustomizeconfig.yaml): a changed file
        // changes the Kafka, which Strimzi rolls out.
        assertThat(reference.get("name")).isEqualTo(rules.getMetadata().getName());
        assertThat(rules.getData())
                .containsExactly(
                        Map.entry((String) reference.get("key"), KubernetesFiles.text(RULES)));
    }
}
