package io.herdpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.herdpulse.job.config.JobCommandLine;
import io.herdpulse.monitoring.ExternalCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operation scripts of deploy/kubernetes/bin: strict bash that bash and shellcheck accept, a
 * one-line error and exit 2 for a bad command line, and names that agree with the manifests. No
 * cluster is reachable here: what they send to one is checked against a {@link FakeKubectl}, and
 * what the operator then does is described in docs/kubernetes.md, not tested.
 */
class ScriptsTest {
    private static final Path BIN = KubernetesFiles.DIRECTORY.resolve("bin");
    private static final Path LIBRARY = BIN.resolve("lib.sh");

    static List<Path> scripts() {
        try (Stream<Path> files = Files.list(BIN)) {
            return files.filter(file -> !file.equals(LIBRARY)).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyScriptIsStrictBashOnTheSharedLibrary() {
        assertThat(scripts())
                .extracting(file -> file.getFileName().toString())
                .contains("deploy", "upgrade", "rescale", "rollback", "flink-ui");
        for (Path script : scripts()) {
            List<String> lines = KubernetesFiles.text(script).lines().toList();
            assertThat(lines.get(0)).as(script.toString()).isEqualTo("#!/usr/bin/env bash");
            assertThat(lines).as(script.toString()).contains("set -euo pipefail");
            assertThat(lines)
                    .as(script.toString())
                    .contains("source \"$(dirname \"${BASH_SOURCE[0]}\")/lib.sh\"");
            assertThat(Files.isExecutable(script)).as(script.toString()).isTrue();
        }
        assertThat(KubernetesFiles.text(LIBRARY)).startsWith("# shellcheck shell=bash");
    }

    @Test
    void bashParsesEveryScript() {
        for (Path script : allFiles()) {
            ExternalCommand.Result parse = bash("-n", script.toString());
            assertThat(parse.exitCode()).as(script + "\n" + parse.output()).isZero();
        }
    }

    @Test
    void shellcheckFindsNothing() {
        List<String> command = new ArrayList<>(List.of(shellcheck(), "-x"));
        allFiles().forEach(file -> command.add(file.getFileName().toString()));
        ExternalCommand.Result check = ExternalCommand.run(BIN, Map.of(), command);
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void shellcheckFindsAnUnquotedVariable(@TempDir Path directory) throws IOException {
        Path script = directory.resolve("unquoted");
        Files.writeString(script, "#!/usr/bin/env bash\nrm -rf $1/tmp\n");
        ExternalCommand.Result check =
                ExternalCommand.run(directory, Map.of(), List.of(shellcheck(), "unquoted"));
        assertThat(check.exitCode()).isNotZero();
        assertThat(check.output()).contains("SC2086");
    }

    @Test
    void everyScriptAnswersHelpAndRejectsAnUnknownOptionInOneLine() {
        for (Path script : scripts()) {
            ExternalCommand.Result help = run(script, "--help");
            assertThat(help.exitCode()).as(script + "\n" + help.output()).isZero();
            assertThat(help.output()).startsWith("Usage: " + script.getFileName());

            ExternalCommand.Result bad = run(script, "--no-such-option");
            assertThat(bad.exitCode()).as(script + "\n" + bad.output()).isEqualTo(2);
            assertThat(bad.output().lines()).as(script.toString()).hasSize(1);
        }
    }

    @Test
    void rescaleStaysWithinTheMaxParallelismOfTheManifest() {
        int max =
                Integer.parseInt(
                        (String)
                                KubernetesFiles.flinkConfiguration(
                                                KubernetesFiles.flinkDeployment())
                                        .get(PipelineOptions.MAX_PARALLELISM.key()));
        assertThat(libraryValues().get("MAX_PARALLELISM")).isEqualTo(String.valueOf(max));
        for (String parallelism : List.of("0", String.valueOf(max + 1), "-1", "four")) {
            ExternalCommand.Result result = run(BIN.resolve("rescale"), parallelism);
            assertThat(result.exitCode()).as(parallelism + ": " + result.output()).isEqualTo(2);
        }
    }

    @Test
    void theScriptsUseTheNamesOfTheManifests() {
        Map<String, String> names = libraryValues();
        GenericKubernetesResource flink = KubernetesFiles.flinkDeployment();
        assertThat(names.get("DEPLOYMENT")).isEqualTo(flink.getMetadata().getName());
        // The operator names a FlinkDeployment's REST service NAME-rest, on Flink's REST port.
        assertThat(names.get("REST_SERVICE")).isEqualTo(flink.getMetadata().getName() + "-rest");
        assertThat(names.get("REST_PORT"))
                .isEqualTo(String.valueOf(RestOptions.PORT.defaultValue()));

        Job schema = (Job) KubernetesFiles.find("Job", names.get("SCHEMA_JOB")).object();
        assertThat(
                        schema.getSpec()
                                .getTemplate()
                                .getSpec()
                                .getVolumes()
                                .get(0)
                                .getConfigMap()
                                .getName())
                .isEqualTo(names.get("SCHEMA_CONFIGMAP"));
        assertThat(KubernetesFiles.podTemplate(flink).getSpec().getContainers())
                .extracting(Container::getName)
                .contains(names.get("MAIN_CONTAINER"));
        String[] selector = names.get("SCHEMA_SELECTOR").split("=");
        assertThat(schema.getMetadata().getLabels()).containsEntry(selector[0], selector[1]);
        assertThat(flink.getMetadata().getLabels()).doesNotContainEntry(selector[0], selector[1]);

        // The migrations the Job mounts where Flyway looks for them.
        Container flyway = schema.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(environment(flyway).get("FLYWAY_LOCATIONS"))
                .isEqualTo("filesystem:" + flyway.getVolumeMounts().get(0).getMountPath());
        assertThat(Path.of(names.get("SCHEMA_DIR")).resolve("V1__tables.sql")).isRegularFile();

        assertThat(JobOptionsTest.containerEnvironment().get(JobCommandLine.PASSWORD_ENV))
                .isEqualTo(JobOptionsTest.secretReference(names.get("WRITER_SECRET"), "password"));
        assertThat(flyway.getEnv())
                .filteredOn(variable -> variable.getValueFrom() != null)
                .extracting(variable -> variable.getValueFrom().getSecretKeyRef().getName())
                .containsOnly(names.get("SUPERUSER_SECRET"));
        GenericKubernetesResource cluster =
                KubernetesFiles.find("Cluster", "herdpulse-db").generic();
        List<Map<String, Object>> roles = cluster.get("spec", "managed", "roles");
        assertThat(roles)
                .extracting(
                        role ->
                                String.valueOf(
                                        ((Map<?, ?>) role.get("passwordSecret")).get("name")))
                .containsExactlyInAnyOrder(
                        names.get("WRITER_SECRET"),
                        names.get("READER_SECRET"),
                        names.get("MONITOR_SECRET"));
    }

    @Test
    void everyFieldTheScriptsReadIsOneOfTheOperatorsCustomResource() {
        Pattern read = Pattern.compile("field \"?\\.((?:spec|status)\\.[A-Za-z.]+)");
        List<String> paths = new ArrayList<>();
        for (Path file : allFiles()) {
            Matcher matcher = read.matcher(KubernetesFiles.text(file));
            while (matcher.find()) {
                paths.add(matcher.group(1));
            }
        }
        assertThat(paths).contains("status.lifecycleState", "status.jobStatus.state", "spec.image");
        assertThat(OperatorCrd.PATHS).containsAll(paths);
    }

    @Test
    void thePatchesOfRescaleAndRollbackSetFieldsOfTheOperatorsCustomResource() {
        String image = "registry.example.com/herdpulse/herdpulse-job:1.0";
        String savepoint = "s3://herdpulse-flink/savepoints/savepoint-4f2a1c-0123456789ab";
        assertThat(patch("image_patch " + image)).containsExactly(Map.entry("spec.image", image));
        assertThat(patch("parallelism_patch 8"))
                .containsExactly(Map.entry("spec.job.parallelism", 8));
        assertThat(patch("savepoint_redeploy_patch " + image + " " + savepoint + " 3"))
                .containsOnly(
                        Map.entry("spec.image", image),
                        Map.entry("spec.job.initialSavepointPath", savepoint),
                        Map.entry("spec.job.savepointRedeployNonce", 3));

        ExternalCommand.Result quote =
                bash("-c", "source " + LIBRARY + " && savepoint_redeploy_patch x 'a\"b' 1");
        assertThat(quote.exitCode()).isEqualTo(1);
    }

    /** The leaves of the JSON a lib.sh function prints, by dotted path; each a field of the CRD. */
    private static Map<String, Object> patch(String call) {
        ExternalCommand.Result printed = bash("-c", "source " + LIBRARY + " && " + call);
        assertThat(printed.exitCode()).as(printed.output()).isZero();
        Map<String, Object> leaves = new HashMap<>();
        flatten("", KubernetesFiles.SERIALIZATION.unmarshal(printed.output(), Map.class), leaves);
        assertThat(OperatorCrd.PATHS).containsAll(leaves.keySet());
        return leaves;
    }

    private static void flatten(String prefix, Map<?, ?> json, Map<String, Object> leaves) {
        json.forEach(
                (key, value) -> {
                    if (value instanceof Map<?, ?> inner) {
                        flatten(prefix + key + ".", inner, leaves);
                    } else {
                        leaves.put(prefix + key, value);
                    }
                });
    }

    @Test
    void renderSetsTheGivenImageOnTheManifestsOfTheBase() {
        assumeTrue(
                ExternalCommand.find("kubectl").isPresent(),
                "kubectl (for kustomize) is not installed");
        String image = "registry.example.com/herdpulse/herdpulse-job:1.2.3";
        ExternalCommand.Result render = bash("-c", "source " + LIBRARY + " && render " + image);
        assertThat(render.exitCode()).as(render.output()).isZero();
        List<HasMetadata> objects = KubernetesFiles.read(render.output());
        assertThat(objects).extracting(HasMetadata::getKind).contains("FlinkDeployment", "Job");
        GenericKubernetesResource flink =
                objects.stream()
                        .filter(GenericKubernetesResource.class::isInstance)
                        .map(GenericKubernetesResource.class::cast)
                        .findFirst()
                        .orElseThrow();
        assertThat(flink.<String>get("spec", "image")).isEqualTo(image);
        // The overlay directory is gone again.
        try (Stream<Path> left = Files.list(KubernetesFiles.DIRECTORY.getParent())) {
            assertThat(left.map(Path::getFileName).map(Path::toString))
                    .noneMatch(name -> name.startsWith(".overlay"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aNameThatIsNoImageReferenceIsRejected() {
        ExternalCommand.Result result =
                run(BIN.resolve("deploy"), "--image", "herdpulse-job:1\n  - op: remove");
        assertThat(result.exitCode()).isEqualTo(2);
    }

    @Test
    void anImageOfARegistryWithAPortIsAccepted() {
        for (String image :
                List.of(
                        "herdpulse-job",
                        "registry.example.com/herdpulse/herdpulse-job:1.0",
                        "localhost:5000/herdpulse-job:0.1.0",
                        "registry.example.com:5443/team/herdpulse-job:1.2",
                        "localhost:5000/herdpulse-job@sha256:" + "0a".repeat(32))) {
            assertThat(requireImage(image).exitCode()).as(image).isZero();
        }
        for (String image :
                List.of(
                        "localhost:abc/herdpulse-job:1.0",
                        "localhost:5000:5001/herdpulse-job",
                        ":5000/herdpulse-job",
                        "localhost:/herdpulse-job",
                        "registry.example.com/herdpulse-job:1.0:2",
                        "herdpulse-job:1 --dry-run")) {
            ExternalCommand.Result result = requireImage(image);
            assertThat(result.exitCode()).as(image + ": " + result.output()).isEqualTo(2);
        }
    }

    private static ExternalCommand.Result requireImage(String image) {
        return bash("-c", "source " + LIBRARY + " && require_image \"$1\"", "bash", image);
    }

    @Test
    void secretsCreatesTheRolesSecretsWithGeneratedPasswordsOnNoCommandLine(
            @TempDir Path directory) {
        FakeKubectl kubectl = new FakeKubectl(directory);
        Map<String, String> names = libraryValues();

        ExternalCommand.Result result = kubectl.run(BIN.resolve("secrets"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        String writer = kubectl.secretPassword(names.get("WRITER_SECRET"));
        String reader = kubectl.secretPassword(names.get("READER_SECRET"));
        String monitor = kubectl.secretPassword(names.get("MONITOR_SECRET"));
        assertThat(List.of(writer, reader, monitor))
                .allMatch(password -> password.matches("[A-Za-z0-9]{32}"))
                .doesNotHaveDuplicates();
        String seen = result.output() + String.join("\n", kubectl.calls());
        assertThat(seen).doesNotContain(writer).doesNotContain(reader).doesNotContain(monitor);
    }

    @Test
    void secretsKeepsASecretThatExists(@TempDir Path directory) {
        FakeKubectl kubectl = new FakeKubectl(directory);
        Map<String, String> names = libraryValues();
        kubectl.run(BIN.resolve("secrets"));
        String writer = kubectl.secretPassword(names.get("WRITER_SECRET"));

        ExternalCommand.Result again = kubectl.run(BIN.resolve("secrets"));

        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output())
                .contains("Secret " + names.get("WRITER_SECRET") + " exists: kept");
        assertThat(kubectl.secretPassword(names.get("WRITER_SECRET"))).isEqualTo(writer);
    }

    private static final String OLD_IMAGE = "registry.example.com/herdpulse/herdpulse-job:0.1.0";
    private static final String BAD_IMAGE = "registry.example.com/herdpulse/herdpulse-job:0.2.0";
    private static final String FIXED_IMAGE = "registry.example.com/herdpulse/herdpulse-job:0.2.1";

    /**
     * The operator gave up an upgrade to BAD_IMAGE and runs OLD_IMAGE again: lifecycle ROLLED_BACK
     * at generation 2, the spec still BAD_IMAGE's.
     */
    private static FakeKubectl rolledBack(Path directory) {
        return new FakeKubectl(directory)
                .field(".metadata.generation", 2)
                .field(".status.observedGeneration", 2)
                .field(".status.lifecycleState", "ROLLED_BACK")
                .field(".status.jobStatus.state", "RUNNING")
                .field(".spec.image", BAD_IMAGE)
                .field(".spec.job.parallelism", 4)
                .field(".metadata.annotations.herdpulse\\.io/previous-image", OLD_IMAGE)
                .runningImage(OLD_IMAGE);
    }

    /**
     * The change makes generation 3, which the operator has not seen at the script's first look
     * (the lifecycle still the one before) and runs stably after.
     */
    private static FakeKubectl settlesAtGeneration3(FakeKubectl kubectl) {
        return kubectl.afterChange(".metadata.generation", 3)
                .afterSleep(".status.observedGeneration", 3)
                .afterSleep(".status.lifecycleState", "STABLE");
    }

    @Test
    void upgradeToAFixedImageAfterTheOperatorRolledBackRecordsTheImageThatRan(
            @TempDir Path directory) {
        FakeKubectl kubectl = settlesAtGeneration3(rolledBack(directory).withKustomize());

        ExternalCommand.Result result = kubectl.run(BIN.resolve("upgrade"), "--image", FIXED_IMAGE);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(kubectl.calls())
                .contains(
                        "annotate flinkdeployment herdpulse --overwrite herdpulse.io/previous-image="
                                + OLD_IMAGE);
        assertThat(appliedFlinkDeployment(kubectl).<String>get("spec", "image"))
                .isEqualTo(FIXED_IMAGE);
    }

    @Test
    void upgradeStopsWhenItCannotReadTheImageThePodsRun(@TempDir Path directory) {
        FakeKubectl kubectl = rolledBack(directory).forbidden("get", "deployment");

        ExternalCommand.Result result = kubectl.run(BIN.resolve("upgrade"), "--image", FIXED_IMAGE);

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("get on Deployments");
        assertThat(kubectl.calls())
                .noneMatch(call -> call.startsWith("annotate"))
                .noneMatch(call -> call.startsWith("apply"));
    }

    @Test
    void rollbackAfterTheOperatorRolledBackReturnsTheSpecToTheImageThatRuns(
            @TempDir Path directory) {
        FakeKubectl kubectl = settlesAtGeneration3(rolledBack(directory));

        ExternalCommand.Result result = kubectl.run(BIN.resolve("rollback"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(kubectl.calls())
                .anyMatch(call -> call.startsWith("patch flinkdeployment herdpulse --type merge"))
                .anyMatch(call -> call.contains(OLD_IMAGE + "\"}}"));
    }

    @Test
    void rescaleRefusesAfterTheOperatorRolledAnUpgradeBackForItWouldRedeployIt(
            @TempDir Path directory) {
        FakeKubectl kubectl = rolledBack(directory);

        ExternalCommand.Result result = kubectl.run(BIN.resolve("rescale"), "8");

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("bin/upgrade --image FIXED or bin/rollback");
        assertThat(kubectl.calls()).noneMatch(call -> call.startsWith("patch"));
    }

    @Test
    void rescaleAfterTheOperatorRolledARescaleBackSetsTheParallelism(@TempDir Path directory) {
        FakeKubectl kubectl =
                settlesAtGeneration3(rolledBack(directory).runningImage(BAD_IMAGE))
                        .field(".spec.job.parallelism", 16);

        ExternalCommand.Result result = kubectl.run(BIN.resolve("rescale"), "8");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(kubectl.calls())
                .contains(
                        "patch flinkdeployment herdpulse --type merge --patch "
                                + "{\"spec\":{\"job\":{\"parallelism\":8}}}");
    }

    @Test
    void upgradeKeepsTheParallelismOfARescale(@TempDir Path directory) {
        int manifests = KubernetesFiles.flinkDeployment().get("spec", "job", "parallelism");
        int rescaled = manifests * 2;
        FakeKubectl kubectl =
                settlesAtGeneration3(
                        new FakeKubectl(directory)
                                .withKustomize()
                                .field(".metadata.generation", 2)
                                .field(".status.observedGeneration", 2)
                                .field(".status.lifecycleState", "STABLE")
                                .field(".status.jobStatus.state", "RUNNING")
                                .field(".spec.image", OLD_IMAGE)
                                .runningImage(OLD_IMAGE)
                                .field(".spec.job.parallelism", rescaled));

        ExternalCommand.Result result = kubectl.run(BIN.resolve("upgrade"), "--image", FIXED_IMAGE);

        assertThat(result.exitCode()).as(result.output()).isZero();
        GenericKubernetesResource applied = appliedFlinkDeployment(kubectl);
        assertThat(applied.<Integer>get("spec", "job", "parallelism")).isEqualTo(rescaled);
        assertThat(applied.<String>get("spec", "image")).isEqualTo(FIXED_IMAGE);
    }

    @Test
    void theFirstDeployHasTheParallelismOfTheManifest(@TempDir Path directory) {
        Map<String, String> names = libraryValues();
        FakeKubectl kubectl =
                new FakeKubectl(directory)
                        .withKustomize()
                        .secret(names.get("WRITER_SECRET"))
                        .secret(names.get("SUPERUSER_SECRET"))
                        .afterChange(".metadata.generation", 1)
                        .afterChange(".status.observedGeneration", 1)
                        .afterChange(".status.lifecycleState", "DEPLOYED")
                        .afterChange(".status.jobStatus.state", "RUNNING");

        ExternalCommand.Result result = kubectl.run(BIN.resolve("deploy"), "--image", OLD_IMAGE);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(appliedFlinkDeployment(kubectl).<Integer>get("spec", "job", "parallelism"))
                .isEqualTo(
                        KubernetesFiles.flinkDeployment()
                                .<Integer>get("spec", "job", "parallelism"));
    }

    private static GenericKubernetesResource appliedFlinkDeployment(FakeKubectl kubectl) {
        return KubernetesFiles.read(kubectl.applied()).stream()
                .filter(object -> object.getKind().equals("FlinkDeployment"))
                .map(GenericKubernetesResource.class::cast)
                .findFirst()
                .orElseThrow();
    }

    /** The constants of lib.sh as bash sees them after sourcing it. */
    private static Map<String, String> libraryValues() {
        ExternalCommand.Result values =
                bash(
                        "-c",
                        "source "
                                + LIBRARY
                                + " && declare -p | sed -n 's/^declare -[a-z]*r[a-z]* //p'");
        assertThat(values.exitCode()).as(values.output()).isZero();
        Map<String, String> names = new HashMap<>();
        for (String line : values.output().lines().toList()) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                names.put(
                        line.substring(0, equals),
                        line.substring(equals + 1).replaceAll("^\"|\"$", ""));
            }
        }
        return names;
    }

    private static Map<String, String> environment(Container container) {
        Map<String, String> environment = new HashMap<>();
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValue() != null) {
                environment.put(variable.getName(), variable.getValue());
            }
        }
        return environment;
    }

    private static List<Path> allFiles() {
        List<Path> files = new ArrayList<>(scripts());
        files.add(LIBRARY);
        return files;
    }

    private static ExternalCommand.Result run(Path script, String... arguments) {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(arguments));
        return ExternalCommand.run(BIN, Map.of(), command);
    }

    private static ExternalCommand.Result bash(String... arguments) {
        List<String> command = new ArrayList<>(List.of("bash"));
        command.addAll(List.of(arguments));
        return ExternalCommand.run(BIN, Map.of(), command);
    }

    private static String shellcheck() {
        Path shellcheck = ExternalCommand.find("shellcheck").orElse(null);
        assumeTrue(
                shellcheck != null,
                "shellcheck is not installed (Debian: apt-get install shellcheck)");
        return shellcheck.toString();
    }
}
