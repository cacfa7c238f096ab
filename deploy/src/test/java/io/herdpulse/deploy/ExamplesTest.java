package io.herdpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.herdpulse.deploy.KubernetesFiles.Manifest;
import io.herdpulse.job.config.JobConfig;
import io.herdpulse.producer.cli.SimulateCommand;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The examples (Strimzi Kafka, CloudNativePG cluster, the simulator) fit the job as deployed: the
 * names of the services and Secrets those operators create are the ones the job and the schema
 * migration use. Strimzi names a cluster's bootstrap service NAME-kafka-bootstrap; CloudNativePG
 * names the primary's service NAME-rw and the superuser's Secret NAME-superuser.
 */
class ExamplesTest {
    private static final Path EXAMPLES = KubernetesFiles.DIRECTORY.resolve("examples");

    /** The job's configuration as its command line reads the manifest's arguments. */
    private final JobConfig job = JobOptionsTest.manifestConfig();

    @Test
    void everyExampleSaysItIsOneAndNothingElseIsIn() {
        for (Manifest manifest : KubernetesFiles.manifests()) {
            boolean inExamples = manifest.file().startsWith(EXAMPLES);
            assertThat(KubernetesFiles.text(manifest.file()).startsWith("# EXAMPLE"))
                    .as(manifest.file().toString())
                    .isEqualTo(inExamples);
        }
        assertThat(KubernetesFiles.text(EXAMPLES.resolve(KubernetesFiles.KUSTOMIZATION)))
                .startsWith("# EXAMPLE");
    }

    @Test
    void theKafkaExampleUsesTheOnlyApiStrimziServesSince1_0() {
        // Strimzi 1.0.0 removed kafka.strimzi.io/v1beta2 from its CRDs; v1 is served since 0.49.
        assertThat(manifestsOf("KafkaNodePool", "Kafka", "KafkaTopic"))
                .hasSize(3)
                .extracting(manifest -> manifest.object().getApiVersion())
                .containsOnly("kafka.strimzi.io/v1");
    }

    @Test
    void theJobReadsTheTopicOfTheExampleKafka() {
        GenericKubernetesResource kafka =
                KubernetesFiles.find("Kafka", "herdpulse-kafka").generic();
        List<Map<String, Object>> listeners = kafka.get("spec", "kafka", "listeners");
        Map<String, Object> plain =
                listeners.stream()
                        .filter(listener -> Boolean.FALSE.equals(listener.get("tls")))
                        .findFirst()
                        .orElseThrow();
        assertThat(job.kafka().bootstrapServers())
                .isEqualTo(kafka.getMetadata().getName() + "-kafka-bootstrap:" + plain.get("port"));

        GenericKubernetesResource topic =
                KubernetesFiles.find("KafkaTopic", job.kafka().topic()).generic();
        assertThat(topic.getMetadata().getLabels())
                .containsEntry("strimzi.io/cluster", kafka.getMetadata().getName());
        // Fewer partitions than source tasks would leave tasks without data.
        assertThat(topic.<Integer>get("spec", "partitions"))
                .isGreaterThanOrEqualTo(
                        KubernetesFiles.flinkDeployment()
                                .<Integer>get("spec", "job", "parallelism"));
        assertThat(manifestsOf("KafkaNodePool")).isNotEmpty();
        for (Manifest pool : manifestsOf("KafkaNodePool")) {
            assertThat(pool.object().getMetadata().getLabels())
                    .containsEntry("strimzi.io/cluster", kafka.getMetadata().getName());
        }
    }

    @Test
    void theJobWritesToTheExampleDatabaseAsARoleWhosePasswordIsTheJobsSecret() {
        GenericKubernetesResource cluster =
                KubernetesFiles.find("Cluster", "herdpulse-db").generic();
        URI database = URI.create(job.database().url().substring("jdbc:".length()));
        assertThat(database.getHost()).isEqualTo(cluster.getMetadata().getName() + "-rw");
        assertThat(database.getPath())
                .isEqualTo("/" + cluster.get("spec", "bootstrap", "initdb", "database"));

        List<Map<String, Object>> roles = cluster.get("spec", "managed", "roles");
        Map<String, Object> writer =
                roles.stream()
                        .filter(role -> job.database().user().equals(role.get("name")))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("no managed role for the job"));
        assertThat(writer).containsEntry("login", true);
        // The job's environment names this Secret (see JobOptionsTest).
        assertThat(job.database().password())
                .isEqualTo(
                        JobOptionsTest.secretReference(
                                ((Map<?, ?>) writer.get("passwordSecret")).get("name").toString(),
                                "password"));
    }

    @Test
    void theSchemaMigrationLogsInWithTheSuperuserSecretOfTheExampleDatabase() {
        GenericKubernetesResource cluster =
                KubernetesFiles.find("Cluster", "herdpulse-db").generic();
        assertThat(cluster.<Boolean>get("spec", "enableSuperuserAccess")).isTrue();
        Job schema = (Job) KubernetesFiles.find("Job", "herdpulse-schema").object();
        Container flyway = schema.getSpec().getTemplate().getSpec().getContainers().get(0);
        for (EnvVar variable : flyway.getEnv()) {
            if (variable.getName().equals("FLYWAY_USER")
                    || variable.getName().equals("FLYWAY_PASSWORD")) {
                assertThat(variable.getValueFrom().getSecretKeyRef().getName())
                        .isEqualTo(cluster.getMetadata().getName() + "-superuser");
            }
        }
        // The database the job writes to is the one migrated.
        assertThat(value(flyway, "FLYWAY_URL")).isEqualTo(job.database().url().split("\\?")[0]);
        assertThat(value(flyway, "FLYWAY_SCHEMAS")).isEqualTo("herdpulse");
    }

    @Test
    void theSimulatorAcceptsItsArgumentsAndWritesToTheTopicTheJobReads() {
        Deployment simulator =
                (Deployment) KubernetesFiles.find("Deployment", "herdpulse-simulator").object();
        Container producer = simulator.getSpec().getTemplate().getSpec().getContainers().get(0);
        List<String> arguments = producer.getArgs();

        // The producer's own picocli command parses (and converts) every argument, as at start.
        CommandLine simulate = new CommandLine(new SimulateCommand());
        assertThat(arguments.get(0)).isEqualTo(simulate.getCommandName());
        simulate.parseArgs(arguments.subList(1, arguments.size()).toArray(String[]::new));

        assertThat(option(arguments, "--bootstrap-servers"))
                .isEqualTo(job.kafka().bootstrapServers());
        assertThat(option(arguments, "--topic")).isEqualTo(job.kafka().topic());
        String metricsPort = option(arguments, "--metrics-port");
        assertThat(option(arguments, "--metrics-host")).isEqualTo("0.0.0.0");
        assertThat(producer.getPorts())
                .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "metrics", Integer.parseInt(metricsPort)));
        assertThat(simulator.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/port", metricsPort);

        GenericKubernetesResource monitor =
                KubernetesFiles.find("PodMonitor", "herdpulse-producer").generic();
        Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
        assertThat(simulator.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(selector);
    }

    @Test
    void aSimulatorArgumentTheProducerDoesNotKnowFailsTheSameCheck() {
        CommandLine simulate = new CommandLine(new SimulateCommand());
        assertThatThrownBy(() -> simulate.parseArgs("--animals", "50", "--no-such-option"))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--no-such-option");
    }

    private static List<Manifest> manifestsOf(String... kinds) {
        List<String> wanted = List.of(kinds);
        return KubernetesFiles.manifests().stream()
                .filter(manifest -> wanted.contains(manifest.kind()))
                .toList();
    }

    private static String option(List<String> arguments, String name) {
        int index = arguments.indexOf(name);
        assertThat(index).as(name).isNotNegative();
        return arguments.get(index + 1);
    }

    private static String value(Container container, String variable) {
        return container.getEnv().stream()
                .filter(env -> env.getName().equals(variable))
                .map(EnvVar::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + variable));
    }
}
