package io.herdpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.herdpulse.monitoring.ExternalCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The files of deploy/kubernetes read as Kubernetes objects with fabric8's model: typed objects for
 * the built-in kinds, generic ones for the custom resources (FlinkDeployment, Kafka, Cluster,
 * PodMonitor), whose schemas are not on Maven Central.
 */
final class KubernetesFiles {
    static final Path DIRECTORY = Path.of(System.getProperty("herdpulse.kubernetes.dir"));
    static final Path REPOSITORY = Path.of(System.getProperty("herdpulse.repository.dir"));
    static final String KUSTOMIZATION = "kustomization.yaml";

    /** The kustomize transformer configuration: not a resource of any kustomization. */
    static final String KUSTOMIZE_CONFIG = "kustomizeconfig.yaml";

    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private KubernetesFiles() {}

    /** One object of one file. */
    record Manifest(Path file, HasMetadata object) {
        String kind() {
            return object.getKind();
        }

        String name() {
            return object.getMetadata().getName();
        }

        GenericKubernetesResource generic() {
            return (GenericKubernetesResource) object;
        }
    }

    /** Every YAML file under deploy/kubernetes, kustomize's own included. */
    static List<Path> yamlFiles() {
        try (Stream<Path> files = Files.walk(DIRECTORY)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> kustomizations() {
        return yamlFiles().stream()
                .filter(file -> file.getFileName().toString().equals(KUSTOMIZATION))
                .toList();
    }

    /** The files that hold Kubernetes objects: every YAML file but kustomize's own. */
    static List<Path> manifestFiles() {
        return yamlFiles().stream()
                .filter(
                        file -> {
                            String name = file.getFileName().toString();
                            return !name.equals(KUSTOMIZATION) && !name.equals(KUSTOMIZE_CONFIG);
                        })
                .toList();
    }

    static List<Manifest> manifests() {
        List<Manifest> manifests = new ArrayList<>();
        for (Path file : manifestFiles()) {
            for (HasMetadata object : read(file)) {
                manifests.add(new Manifest(file, object));
            }
        }
        return manifests;
    }

    /** The objects of one file, one per YAML document. */
    static List<HasMetadata> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return objects(SERIALIZATION.unmarshal(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<HasMetadata> read(String yaml) {
        return objects(SERIALIZATION.unmarshal(yaml));
    }

    /**
     * The objects {@code kubectl kustomize} renders from the kustomization in {@code directory};
     * the test is skipped where kubectl is not installed.
     */
    static List<HasMetadata> kustomized(Path directory) {
        Optional<Path> kubectl = ExternalCommand.find("kubectl");
        Assumptions.assumeTrue(
                kubectl.isPresent(), "kubectl is not installed; `kubectl kustomize` needs it");
        ExternalCommand.Result build =
                ExternalCommand.run(
                        DIRECTORY,
                        Map.of(),
                        List.of(kubectl.get().toString(), "kustomize", directory.toString()));
        assertThat(build.exitCode()).as(build.output()).isZero();
        return read(build.output());
    }

    /** The first of these objects of this type. */
    static <T extends HasMetadata> T first(List<HasMetadata> objects, Class<T> type) {
        return objects.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " rendered"));
    }

    private static List<HasMetadata> objects(Object parsed) {
        List<?> documents = parsed instanceof List<?> list ? list : List.of(parsed);
        return documents.stream().map(HasMetadata.class::cast).toList();
    }

    static Manifest find(String kind, String name) {
        return manifests().stream()
                .filter(manifest -> manifest.kind().equals(kind) && manifest.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    static GenericKubernetesResource flinkDeployment() {
        return find("FlinkDeployment", "herdpulse").generic();
    }

    /** A part of a custom resource as the model class of the built-in kind it embeds. */
    static <T extends KubernetesResource> T asModel(Object part, Class<T> type) {
        return SERIALIZATION.convertValue(part, type);
    }

    static PodTemplateSpec podTemplate(GenericKubernetesResource flinkDeployment) {
        return asModel(flinkDeployment.get("spec", "podTemplate"), PodTemplateSpec.class);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> flinkConfiguration(GenericKubernetesResource flinkDeployment) {
        return (Map<String, Object>) flinkDeployment.get("spec", "flinkConfiguration");
    }

    @SuppressWarnings("unchecked")
    static List<String> jobArguments(GenericKubernetesResource flinkDeployment) {
        return (List<String>) flinkDeployment.get("spec", "job", "args");
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
