package io.herdpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.herdpulse.monitoring.ExternalCommand;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The two Dockerfiles. No Docker engine runs here, so `docker build` cannot prove them: their
 * instructions are checked against the manifests and the build (base image, jar names and paths,
 * ports), and two Dockerfile linters from npm (dockerfile-utils, dockerfilelint) judge them.
 */
class ImagesTest {
    private static final Path IMAGES = KubernetesFiles.DIRECTORY.resolve("images");
    private static final Dockerfile JOB = Dockerfile.read(IMAGES.resolve("job/Dockerfile"));
    private static final Dockerfile PRODUCER =
            Dockerfile.read(IMAGES.resolve("producer/Dockerfile"));
    private static final String FLINK_VERSION = System.getProperty("herdpulse.flink.version");

    /** A jar of the Flink distribution named with its version: flink-NAME-VERSION.jar. */
    private static final Pattern FLINK_JAR =
            Pattern.compile("flink-[a-z0-9-]+?-(\\d+\\.\\d+\\.\\d+)\\.jar");

    @Test
    void theJobImageIsFlinksOfTheBuildsVersionWithTheShadedJarWhereJarUriPoints() {
        assertThat(JOB.only("FROM").arguments()).isEqualTo("flink:" + FLINK_VERSION + "-java17");

        List<String> copy = JOB.only("COPY").words();
        String jarUri = KubernetesFiles.flinkDeployment().get("spec", "job", "jarURI");
        assertThat(copy.get(copy.size() - 1)).isEqualTo(URI.create(jarUri).getPath());
        assertThat(copy.get(copy.size() - 2)).isEqualTo(shadedJar("job") + ".jar");

        // Every Flink jar the image names is of the base image's version.
        Matcher jars = FLINK_JAR.matcher(JOB.only("RUN").arguments());
        int found = 0;
        while (jars.find()) {
            assertThat(jars.group(1)).as(jars.group()).isEqualTo(FLINK_VERSION);
            found++;
        }
        assertThat(found).isPositive();
    }

    @Test
    void theJobImageChecksForThePrometheusReporterAndExposesItsPort() {
        String run = JOB.only("RUN").arguments();
        assertThat(run)
                .contains(
                        "test -f /opt/flink/plugins/metrics-prometheus/flink-metrics-prometheus-"
                                + FLINK_VERSION
                                + ".jar");
        Map<String, Object> configuration =
                KubernetesFiles.flinkConfiguration(KubernetesFiles.flinkDeployment());
        assertThat(JOB.only("EXPOSE").words())
                .contains((String) configuration.get("metrics.reporter.prom.port"));
    }

    @Test
    void theProducerImageRunsItsShadedJarAsNoRootAndExposesTheMetricsPortOfTheExample() {
        List<String> copy = PRODUCER.only("COPY").words();
        assertThat(copy.get(0)).isEqualTo(shadedJar("producer") + ".jar");
        assertThat(PRODUCER.only("ENTRYPOINT").arguments())
                .isEqualTo("[\"java\", \"-jar\", \"" + copy.get(1) + "\"]");
        assertThat(PRODUCER.only("USER").arguments()).isNotIn("root", "0");

        Deployment simulator =
                (Deployment) KubernetesFiles.find("Deployment", "herdpulse-simulator").object();
        int port =
                simulator
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getPorts()
                        .stream()
                        .map(ContainerPort::getContainerPort)
                        .findFirst()
                        .orElseThrow();
        assertThat(PRODUCER.only("EXPOSE").words()).containsExactly(String.valueOf(port));
    }

    @Test
    void bothLintersFindNothingInEitherDockerfile() {
        for (Path dockerfile : List.of(JOB.file(), PRODUCER.file())) {
            for (List<String> lint : linters(dockerfile)) {
                ExternalCommand.Result result = ExternalCommand.run(IMAGES, Map.of(), lint);
                assertThat(result.exitCode()).as(lint + "\n" + result.output()).isZero();
            }
        }
    }

    @Test
    void theLintersFindABrokenDockerfile(@TempDir Path directory) throws IOException {
        Path broken = directory.resolve("Dockerfile");
        Files.writeString(broken, "FROM flink:2.2.1-java17\nCOPY only-a-source\nEXPOSE 99999\n");
        for (List<String> lint : linters(broken)) {
            assertThat(ExternalCommand.run(directory, Map.of(), lint).exitCode())
                    .as(lint.toString())
                    .isNotZero();
        }
    }

    /** The two linters on one file, each as a command line; skips the test where one is missing. */
    private static List<List<String>> linters(Path dockerfile) {
        Optional<Path> utils = ExternalCommand.find("dockerfile-utils");
        Optional<Path> lint = ExternalCommand.find("dockerfilelint");
        assumeTrue(
                utils.isPresent() && lint.isPresent(),
                "the Dockerfile linters are not installed (npm install -g dockerfile-utils@0.16.3"
                        + " dockerfilelint@1.8.0)");
        return List.of(
                List.of(utils.get().toString(), "lint", dockerfile.toString()),
                List.of(lint.get().toString(), dockerfile.toString()));
    }

    /** The finalName the module's maven-shade-plugin gives its jar. */
    private static String shadedJar(String module) {
        try {
            var pom =
                    DocumentBuilderFactory.newInstance()
                            .newDocumentBuilder()
                            .parse(
                                    KubernetesFiles.REPOSITORY
                                            .resolve(module + "/pom.xml")
                                            .toFile());
            NodeList plugins = pom.getElementsByTagName("plugin");
            for (int i = 0; i < plugins.getLength(); i++) {
                Element plugin = (Element) plugins.item(i);
                if (text(plugin, "artifactId").equals("maven-shade-plugin")) {
                    return text(plugin, "finalName");
                }
            }
            throw new AssertionError(module + " has no maven-shade-plugin");
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + module + "/pom.xml", e);
        }
    }

    private static String text(Element element, String tag) {
        return element.getElementsByTagName(tag).item(0).getTextContent().strip();
    }
}
