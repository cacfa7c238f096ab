package io.herdpulse.deploy;

import static io.herdpulse.deploy.KubernetesFiles.flinkConfiguration;
import static io.herdpulse.deploy.KubernetesFiles.jobArguments;
import static io.herdpulse.deploy.KubernetesFiles.podTemplate;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.herdpulse.job.config.JobCommandLine;
import io.herdpulse.job.config.JobConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.CheckpointingOptions;
import org.junit.jupiter.api.Test;

/**
 * The job's arguments in the FlinkDeployment, parsed by the job's own command line (JobCommandLine,
 * which HerdPulseJob.main uses) in the environment the manifest gives the job's container.
 */
class JobOptionsTest {
    private static final GenericKubernetesResource DEPLOYMENT = KubernetesFiles.flinkDeployment();

    /** What the job exits with, or NOT_EXITED. */
    private static final int NOT_EXITED = Integer.MIN_VALUE;

    /** One run of JobCommandLine.parse. */
    record Parse(Optional<JobConfig> config, int exitCode, String out, String err) {}

    static Parse parse(Map<String, String> environment, List<String> arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger exit = new AtomicInteger(NOT_EXITED);
        Optional<JobConfig> config =
                JobCommandLine.parse(
                        environment,
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        exit::set,
                        arguments.toArray(String[]::new));
        return new Parse(config, exit.get(), out.toString(), err.toString());
    }

    /**
     * The environment of the job's container as the manifest sets it: a variable taken from a
     * Secret stands for "secret:NAME/KEY", which no literal value in a manifest would be.
     */
    static Map<String, String> containerEnvironment() {
        Map<String, String> environment = new HashMap<>();
        for (EnvVar variable :
                FlinkDeploymentTest.mainContainer(podTemplate(DEPLOYMENT)).getEnv()) {
            SecretKeySelector secret =
                    variable.getValueFrom() == null
                            ? null
                            : variable.getValueFrom().getSecretKeyRef();
            environment.put(
                    variable.getName(),
                    secret == null
                            ? variable.getValue()
                            : secretReference(secret.getName(), secret.getKey()));
        }
        return environment;
    }

    static String secretReference(String secret, String key) {
        return "secret:" + secret + "/" + key;
    }

    static JobConfig manifestConfig() {
        Parse parse = parse(containerEnvironment(), jobArguments(DEPLOYMENT));
        assertThat(parse.err()).isEmpty();
        assertThat(parse.exitCode()).isEqualTo(NOT_EXITED);
        return parse.config().orElseThrow();
    }

    @Test
    void theJobAcceptsEveryOptionOfTheManifestAndGetsItsPasswordFromTheSecret() {
        JobConfig config = manifestConfig();
        assertThat(config.database().password())
                .isEqualTo(secretReference("herdpulse-db-writer", "password"));
    }

    @Test
    void anOptionTheJobDoesNotKnowFailsTheSameCheck() {
        List<String> arguments = new ArrayList<>(jobArguments(DEPLOYMENT));
        arguments.add("--no-such-option");
        Parse parse = parse(containerEnvironment(), arguments);
        assertThat(parse.config()).isEmpty();
        assertThat(parse.exitCode()).isEqualTo(2);
        assertThat(parse.err().lines()).singleElement().asString().contains("--no-such-option");
    }

    @Test
    void withoutTheSecretTheJobWouldNotStart() {
        Map<String, String> environment = containerEnvironment();
        environment.remove(JobCommandLine.PASSWORD_ENV);
        Parse parse = parse(environment, jobArguments(DEPLOYMENT));
        assertThat(parse.config()).isEmpty();
        assertThat(parse.exitCode()).isEqualTo(2);
    }

    @Test
    void theJobReachesKafkaAndPostgresByServiceNameNotByLoopback() {
        JobConfig config = manifestConfig();
        for (String address : List.of(config.kafka().bootstrapServers(), config.database().url())) {
            assertThat(address).doesNotContain("127.0.0.1", "localhost", "[::1]");
        }
    }

    @Test
    void checkpointsGoWhereTheOperatorLooksForThem() {
        Optional<String> jobDirectory = manifestConfig().checkpointDirectory();
        Object clusterDirectory =
                flinkConfiguration(DEPLOYMENT)
                        .get(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key());
        // The job's --checkpoint-dir would override the cluster's, which the operator restores
        // from.
        jobDirectory.ifPresent(directory -> assertThat(directory).isEqualTo(clusterDirectory));
    }
}
