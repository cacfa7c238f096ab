package io.herdpulse.deploy;

import static io.herdpulse.deploy.KubernetesFiles.SERIALIZATION;
import static io.herdpulse.deploy.KubernetesFiles.jobArguments;
import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.deploy.KubernetesFiles.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No manifest carries a secret value: passwords and keys reach the pods from Secrets that the user
 * (or bin/secrets, or CloudNativePG) creates in the cluster.
 */
class NoSecretValuesTest {
    /** Names that say their value is a secret. */
    private static final Pattern SECRET_NAME =
            Pattern.compile(
                    "(?i).*(password|passwd|secret|token|credential|private.?key|access.?key).*");

    /** Names whose value only names a Secret or a key in it: secretName, secretKeyRef, ... */
    private static final Pattern REFERENCE_NAME = Pattern.compile(".*(Name|Ref|Refs)$");

    @Test
    void noManifestIsASecret() {
        assertThat(KubernetesFiles.manifests()).extracting(Manifest::kind).doesNotContain("Secret");
    }

    @Test
    void noFieldOfAnyManifestHoldsASecretValue() {
        for (Manifest manifest : KubernetesFiles.manifests()) {
            Object tree = SERIALIZATION.convertValue(manifest.object(), Map.class);
            assertThat(secretValues(tree, manifest.kind() + " " + manifest.name()))
                    .as(manifest.file().toString())
                    .isEmpty();
        }
    }

    @Test
    void theCheckFindsSecretValuesPlantedInAManifest() {
        String planted =
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: leaky
                spec:
                  containers:
                    - name: app
                      image: app
                      env:
                        - name: DB_PASSWORD
                          value: hunter2
                        - name: FROM_SECRET_TOKEN
                          valueFrom:
                            secretKeyRef:
                              name: app-token
                              key: token
                      args: ["--api-token", "s3cr3t"]
                """;
        Object tree = SERIALIZATION.convertValue(KubernetesFiles.read(planted).get(0), Map.class);
        assertThat(secretValues(tree, "Pod leaky"))
                .containsExactlyInAnyOrder(
                        "Pod leaky.spec.containers[0].env[0]: DB_PASSWORD",
                        "Pod leaky.spec.containers[0].args[1]: after --api-token");
    }

    @Test
    void theJobIsGivenNoPasswordOnItsCommandLine() {
        assertThat(jobArguments(KubernetesFiles.flinkDeployment()))
                .noneMatch(argument -> argument.startsWith("--db-password"));
    }

    /**
     * Where the tree holds a value under a secret-sounding name: a field, a name/value pair (an
     * environment variable) or an argument after a secret-sounding option.
     */
    static List<String> secretValues(Object node, String path) {
        List<String> found = new ArrayList<>();
        if (node instanceof Map<?, ?> map) {
            Object name = map.get("name");
            if (name instanceof String variable
                    && SECRET_NAME.matcher(variable).matches()
                    && map.get("value") != null) {
                found.add(path + ": " + variable);
            }
            map.forEach(
                    (key, value) -> {
                        String field = String.valueOf(key);
                        boolean scalar = !(value instanceof Map<?, ?> || value instanceof List<?>);
                        if (scalar
                                && SECRET_NAME.matcher(field).matches()
                                && !REFERENCE_NAME.matcher(field).matches()) {
                            found.add(path + "." + field);
                        }
                        found.addAll(secretValues(value, path + "." + field));
                    });
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Object element = list.get(i);
                if (i > 0
                        && list.get(i - 1) instanceof String option
                        && option.startsWith("--")
                        && SECRET_NAME.matcher(option).matches()
                        && !option.endsWith("-file")) {
                    found.add(path + "[" + i + "]: after " + option);
                }
                found.addAll(secretValues(element, path + "[" + i + "]"));
            }
        }
        return found;
    }
}
