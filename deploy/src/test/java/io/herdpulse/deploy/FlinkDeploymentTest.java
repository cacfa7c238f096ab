package io.herdpulse.deploy;

import static io.herdpulse.deploy.KubernetesFiles.flinkConfiguration;
import static io.herdpulse.deploy.KubernetesFiles.podTemplate;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ResourceManagerOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;
import org.junit.jupiter.api.Test;

/**
 * The FlinkDeployment against what the Flink Kubernetes Operator requires of it (the checks of its
 * DefaultValidator for an application with upgradeMode savepoint) and against Flink's own option
 * keys, so that a renamed or misspelt key fails here and not on a cluster.
 */
class FlinkDeploymentTest {
    private static final GenericKubernetesResource DEPLOYMENT = KubernetesFiles.flinkDeployment();
    private static final Map<String, Object> CONFIGURATION = flinkConfiguration(DEPLOYMENT);

    /** File systems that outlive the pods; file:// would be a pod's own disk. */
    private static final Set<String> DURABLE_SCHEMES =
            Set.of("s3", "s3a", "s3p", "gs", "abfs", "abfss", "wasbs", "oss", "hdfs");

    /** The reporter name of metrics.reporter.NAME.* in the manifest. */
    private static final String REPORTER = "metrics.reporter.prom.";

    @Test
    void isAnApplicationOfTheFlinkVersionTheBuildUses() {
        // The operator's rule for names: they become Kubernetes service names.
        assertThat(DEPLOYMENT.getMetadata().getName()).matches("[a-z]([-a-z\\d]{0,43}[a-z\\d])?");
        assertThat(DEPLOYMENT.getApiVersion()).isEqualTo("flink.apache.org/v1beta1");
        String[] flink = System.getProperty("herdpulse.flink.version").split("\\.");
        assertThat(DEPLOYMENT.<String>get("spec", "flinkVersion"))
                .isEqualTo("v" + flink[0] + "_" + flink[1]);
        // Application mode: the job runs from a jar inside the image (local://).
        URI jar = URI.create(DEPLOYMENT.get("spec", "job", "jarURI"));
        assertThat(jar.getScheme()).isEqualTo("local");
        assertThat(jar.getPath()).endsWith(".jar");
        assertThat(DEPLOYMENT.<String>get("spec", "job", "entryClass"))
                .isEqualTo(io.herdpulse.job.HerdPulseJob.class.getName());
        assertThat(DEPLOYMENT.<String>get("spec", "job", "state")).isEqualTo("running");
        assertThat(DEPLOYMENT.<Integer>get("spec", "job", "parallelism")).isPositive();
    }

    @Test
    void usesOnlyFieldsOfTheOperatorsCustomResource() {
        Map<String, Object> spec = DEPLOYMENT.get("spec");
        assertThat(OperatorCrd.SPEC).containsAll(spec.keySet());
        assertThat(OperatorCrd.JOB)
                .containsAll(DEPLOYMENT.<Map<String, Object>>get("spec", "job").keySet());
        for (String component : List.of("jobManager", "taskManager")) {
            assertThat(OperatorCrd.COMPONENT)
                    .containsAll(DEPLOYMENT.<Map<String, Object>>get("spec", component).keySet());
            assertThat(OperatorCrd.RESOURCE)
                    .containsAll(
                            DEPLOYMENT
                                    .<Map<String, Object>>get("spec", component, "resource")
                                    .keySet());
        }
        // The CRD's enums.
        assertThat(DEPLOYMENT.<String>get("spec", "job", "state")).isIn("running", "suspended");
    }

    @Test
    void savepointUpgradesHaveDurableCheckpointAndSavepointDirectories() {
        assertThat(DEPLOYMENT.<String>get("spec", "job", "upgradeMode")).isEqualTo("savepoint");
        List<String> directories =
                Stream.of(
                                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                                CheckpointingOptions.SAVEPOINT_DIRECTORY,
                                HighAvailabilityOptions.HA_STORAGE_PATH)
                        .map(option -> string(option.key()))
                        .toList();
        for (String directory : directories) {
            assertThat(URI.create(directory).getScheme()).as(directory).isIn(DURABLE_SCHEMES);
        }
        assertThat(new HashSet<>(directories)).hasSize(directories.size());
    }

    @Test
    void highAvailabilityIsOnSoThatRollbacksAndJobManagerRestartsWork() {
        assertThat(string(HighAvailabilityOptions.HA_MODE.key())).isEqualTo("kubernetes");
        assertThat(string("kubernetes.operator.deployment.rollback.enabled")).isEqualTo("true");
        assertThat(DEPLOYMENT.<Integer>get("spec", "jobManager", "replicas")).isPositive();
    }

    @Test
    void aSpareTaskManagerStandsByForALostOne() {
        assertThat(string(ResourceManagerOptions.REDUNDANT_TASK_MANAGER_NUM.key())).isEqualTo("1");
    }

    @Test
    void setsNoKeyTheOperatorForbids() {
        // DefaultValidator.FORBIDDEN_CONF_KEYS: the operator sets these itself.
        assertThat(CONFIGURATION)
                .doesNotContainKeys(
                        "kubernetes.namespace",
                        "kubernetes.cluster-id",
                        HighAvailabilityOptions.HA_CLUSTER_ID.key());
    }

    @Test
    void everyKeyIsAnOptionOfFlinkOrOfTheOperator() {
        Set<String> flinkKeys =
                FlinkOptions.keys(
                        CheckpointingOptions.class,
                        HeartbeatManagerOptions.class,
                        HighAvailabilityOptions.class,
                        JobManagerOptions.class,
                        PipelineOptions.class,
                        ResourceManagerOptions.class,
                        RestartStrategyOptions.class,
                        StateBackendOptions.class,
                        TaskManagerOptions.class);
        for (String key : CONFIGURATION.keySet()) {
            boolean known =
                    flinkKeys.contains(key)
                            || key.startsWith("kubernetes.operator.")
                            // Handed to the S3 file system plugin as they are (s3.endpoint, ...).
                            || key.startsWith("s3.")
                            || key.equals(REPORTER + MetricOptions.REPORTER_FACTORY_CLASS.key())
                            || key.equals(REPORTER + "port");
            assertThat(known).as("%s is no option of Flink or the operator", key).isTrue();
        }
        // Strings only: the CRDs of older operator releases take a map of strings.
        assertThat(CONFIGURATION.values()).allMatch(String.class::isInstance);
    }

    @Test
    void jobManagerAndTaskManagersHaveMemoryAndCpu() {
        for (String component : List.of("jobManager", "taskManager")) {
            MemorySize memory =
                    MemorySize.parse(DEPLOYMENT.get("spec", component, "resource", "memory"));
            assertThat(memory.getMebiBytes()).as(component).isGreaterThanOrEqualTo(1024);
            assertThat(DEPLOYMENT.<Number>get("spec", component, "resource", "cpu").doubleValue())
                    .as(component)
                    .isPositive();
        }
        assertThat(Integer.parseInt(string(TaskManagerOptions.NUM_TASK_SLOTS.key()))).isPositive();
    }

    @Test
    void maxParallelismLeavesRoomToRescale() {
        int parallelism = DEPLOYMENT.get("spec", "job", "parallelism");
        assertThat(Integer.parseInt(string(PipelineOptions.MAX_PARALLELISM.key())))
                .isGreaterThan(parallelism);
    }

    @Test
    void everyPodServesThePrometheusReporterOnItsMetricsPort() {
        assertThat(string(REPORTER + MetricOptions.REPORTER_FACTORY_CLASS.key()))
                .isEqualTo(PrometheusReporterFactory.class.getName());
        int port = Integer.parseInt(string(REPORTER + "port"));

        PodTemplateSpec template = podTemplate(DEPLOYMENT);
        Container main = mainContainer(template);
        assertThat(main.getPorts())
                .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .contains(org.assertj.core.groups.Tuple.tuple("metrics", port));
        assertThat(template.getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", String.valueOf(port));

        GenericKubernetesResource monitor =
                KubernetesFiles.find("PodMonitor", "herdpulse-flink").generic();
        Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
        assertThat(template.getMetadata().getLabels()).containsAllEntriesOf(selector);
        assertThat(monitor.<String>get("spec", "podMetricsEndpoints", 0, "port"))
                .isEqualTo("metrics");
    }

    /** The container the operator merges into the JobManager's and TaskManagers' pods. */
    static Container mainContainer(PodTemplateSpec template) {
        return template.getSpec().getContainers().stream()
                .filter(container -> container.getName().equals("flink-main-container"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no flink-main-container"));
    }

    private static String string(String key) {
        Object value = CONFIGURATION.get(key);
        assertThat(value).as(key).isInstanceOf(String.class);
        return (String) value;
    }
}
