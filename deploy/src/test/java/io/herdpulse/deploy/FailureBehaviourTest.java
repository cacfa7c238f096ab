package io.herdpulse.deploy;

import static io.herdpulse.deploy.KubernetesFiles.flinkConfiguration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.herdpulse.monitoring.compose.ComposeFile;
import io.herdpulse.stack.flink.FlinkCluster;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.junit.jupiter.api.Test;

/**
 * Docker and Kubernetes users get the local stack's failure behaviour: the Flink configuration of
 * docker-compose.yml (FLINK_PROPERTIES) and of the FlinkDeployment (flinkConfiguration) hold
 * exactly the options of {@link FlinkCluster#FAILURE_BEHAVIOUR} with its values, and no other
 * option of their families (heartbeat.*, restart-strategy*), which would change them too. Options
 * outside the set, such as Kubernetes' HA and RocksDB, are FlinkDeploymentTest's.
 */
class FailureBehaviourTest {
    private static final Map<String, String> STACK = FlinkCluster.FAILURE_BEHAVIOUR;

    /**
     * The options of the set that the FlinkDeployment sets otherwise, each with its value there and
     * a one-line reason: none. A cluster's network and pods are not the two cores the drills ran
     * on, but nothing measured on one says any of these should differ.
     */
    private static final Map<String, String> ON_KUBERNETES = Map.of();

    @Test
    void everyOptionIsFlinksByItsCurrentKeyWithAValueFlinkReads() {
        List<ConfigOption<?>> options =
                FlinkOptions.of(
                        CheckpointingOptions.class,
                        HeartbeatManagerOptions.class,
                        JobManagerOptions.class,
                        RestartStrategyOptions.class);
        Configuration configuration = Configuration.fromMap(STACK);
        for (String key : STACK.keySet()) {
            // By key(), not its fallback keys: Flink 1.x's names only warn, or are gone.
            ConfigOption<?> option =
                    options.stream()
                            .filter(candidate -> candidate.key().equals(key))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new AssertionError(
                                                    key + " is no Flink option's current key"));
            assertThatCode(() -> configuration.get(option)).as(key).doesNotThrowAnyException();
        }
    }

    @Test
    void dockerComposesJobManagerAndTaskManagersFailAsTheStackDoes() {
        ComposeFile compose = ComposeFile.read();
        for (String service : List.of("jobmanager", "taskmanager")) {
            assertThat(failureOptions(compose.flinkConfiguration(service)))
                    .as("FLINK_PROPERTIES of %s in docker-compose.yml", service)
                    .containsExactlyInAnyOrderEntriesOf(STACK);
        }
    }

    @Test
    void theFlinkDeploymentFailsAsTheStackDoes() {
        Map<String, String> expected = new HashMap<>(STACK);
        expected.putAll(ON_KUBERNETES);
        assertThat(failureOptions(flinkConfiguration(KubernetesFiles.flinkDeployment())))
                .as("flinkConfiguration of flink-deployment.yaml")
                .containsExactlyInAnyOrderEntriesOf(expected);
    }

    /** The options of a configuration that decide how it fails: the set's and their families'. */
    private static Map<String, Object> failureOptions(Map<String, ?> configuration) {
        return configuration.entrySet().stream()
                .filter(
                        option ->
                                STACK.containsKey(option.getKey())
                                        || option.getKey().startsWith("heartbeat.")
                                        || option.getKey().startsWith("restart-strategy"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
