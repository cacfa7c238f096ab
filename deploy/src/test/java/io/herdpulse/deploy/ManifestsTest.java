package io.herdpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.herdpulse.deploy.KubernetesFiles.Manifest;
import io.herdpulse.monitoring.ExternalCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every manifest of deploy/kubernetes parses with fabric8's Kubernetes model, built-in kinds
 * without a field their kind does not have, and belongs to exactly one kustomization.
 */
class ManifestsTest {
    @Test
    void everyDocumentIsAKubernetesObjectWithKindAndName() {
        List<Manifest> manifests = KubernetesFiles.manifests();
        assertThat(manifests).hasSizeGreaterThanOrEqualTo(KubernetesFiles.manifestFiles().size());
        for (Manifest manifest : manifests) {
            HasMetadata object = manifest.object();
            assertThat(object.getApiVersion()).as(manifest.file().toString()).isNotBlank();
            assertThat(object.getKind()).as(manifest.file().toString()).isNotBlank();
            assertThat(manifest.name())
                    .as(manifest.file().toString())
                    .matches("[a-z0-9][-a-z0-9]*");
            // No namespace: the user chooses it (kubectl's context or HERDPULSE_NAMESPACE).
            assertThat(object.getMetadata().getNamespace()).isNull();
        }
    }

    @Test
    void builtInKindsHaveNoFieldTheirKindLacks() {
        for (Manifest manifest : KubernetesFiles.manifests()) {
            if (!(manifest.object() instanceof GenericKubernetesResource)) {
                assertThat(UnknownFields.in(manifest.object(), manifest.kind()))
                        .as(manifest.file().toString())
                        .isEmpty();
            }
        }
        GenericKubernetesResource flink = KubernetesFiles.flinkDeployment();
        assertThat(UnknownFields.in(KubernetesFiles.podTemplate(flink), "podTemplate")).isEmpty();
    }

    @Test
    void aMisspeltFieldIsFound() {
        HasMetadata job =
                KubernetesFiles.read(
                                """
                                apiVersion: batch/v1
                                kind: Job
                                metadata:
                                  name: typo
                                spec:
                                  template:
                                    spec:
                                      restartPolicy: Never
                                      contaners:
                                        - name: x
                                          image: x
                                """)
                        .get(0);
        assertThat(UnknownFields.in(job, "Job"))
                .containsExactly("Job.spec.template.spec.contaners");
    }

    @Test
    void everyManifestIsInExactlyOneKustomizationAndEveryEntryExists() {
        Map<Path, Integer> listed = new HashMap<>();
        for (Path kustomization : KubernetesFiles.kustomizations()) {
            GenericKubernetesResource file =
                    KubernetesFiles.SERIALIZATION.unmarshal(
                            KubernetesFiles.text(kustomization), GenericKubernetesResource.class);
            assertThat(file.getKind()).isEqualTo("Kustomization");
            Path directory = kustomization.getParent();
            for (String field : List.of("resources", "configurations")) {
                List<String> entries =
                        Optional.ofNullable(file.<List<String>>get(field)).orElse(List.of());
                for (String entry : entries) {
                    Path target = directory.resolve(entry).normalize();
                    assertThat(target).as(kustomization + ": " + entry).exists();
                    if (Files.isRegularFile(target)) {
                        listed.merge(target, 1, Integer::sum);
                    }
                }
            }
        }
        List<Path> expected = new ArrayList<>(KubernetesFiles.manifestFiles());
        expected.addAll(
                KubernetesFiles.yamlFiles().stream()
                        .filter(
                                file ->
                                        file.getFileName()
                                                .toString()
                                                .equals(KubernetesFiles.KUSTOMIZE_CONFIG))
                        .toList());
        assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(listed.values()).containsOnly(1);
    }

    @Test
    void kustomizeBuildsEveryKustomizationAndSetsTheJobsImage() {
        Optional<Path> kubectl = ExternalCommand.find("kubectl");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                kubectl.isPresent(), "kubectl is not installed; `kubectl kustomize` needs it");
        for (Path kustomization : KubernetesFiles.kustomizations()) {
            ExternalCommand.Result build =
                    ExternalCommand.run(
                            KubernetesFiles.DIRECTORY,
                            Map.of(),
                            List.of(
                                    kubectl.get().toString(),
                                    "kustomize",
                                    kustomization.getParent().toString()));
            assertThat(build.exitCode()).as(build.output()).isZero();
            assertThat(KubernetesFiles.read(build.output())).isNotEmpty();
        }
        ExternalCommand.Result base =
                ExternalCommand.run(
                        KubernetesFiles.DIRECTORY,
                        Map.of(),
                        List.of(kubectl.get().toString(), "kustomize", "."));
        GenericKubernetesResource kustomization =
                KubernetesFiles.SERIALIZATION.unmarshal(
                        KubernetesFiles.text(
                                KubernetesFiles.DIRECTORY.resolve(KubernetesFiles.KUSTOMIZATION)),
                        GenericKubernetesResource.class);
        Map<String, String> image = kustomization.get("images", 0);
        GenericKubernetesResource rendered =
                KubernetesFiles.read(base.output()).stream()
                        .filter(object -> object.getKind().equals("FlinkDeployment"))
                        .map(GenericKubernetesResource.class::cast)
                        .findFirst()
                        .orElseThrow();
        assertThat(rendered.<String>get("spec", "image"))
                .isEqualTo(image.get("newName") + ":" + image.get("newTag"));
    }
}
