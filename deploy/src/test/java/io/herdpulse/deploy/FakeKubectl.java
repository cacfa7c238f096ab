package io.herdpulse.deploy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.herdpulse.monitoring.ExternalCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A kubectl for the scripts of deploy/kubernetes/bin where no cluster is reachable: first on PATH,
 * it records every call and answers from files, as the operator's status would (the JobManager's
 * Deployment's too). The FlinkDeployment exists once a field is set; a Secret once one was created.
 * {@code kubectl kustomize} is the real one. A {@code sleep} beside it stands for the operator
 * acting while a script waits: it applies the fields given for after the next sleep, at once.
 */
final class FakeKubectl {
    private static final String KUBECTL =
            """
            #!/usr/bin/env bash
            set -euo pipefail
            state="$FAKE_KUBECTL_STATE"
            if [[ "$1" == --namespace ]]; then shift 2; fi
            printf '%s\\n' "$*" >> "$state/calls"
            # A field's file: its JSONPath without {}, backslashes and slashes.
            answer() {
              local path="${1#jsonpath=\\{}"
              path="${path%\\}}"
              path="${path//\\\\/}"
              cat "$state/fields/${path//\\//_}" 2> /dev/null || true
            }
            progress() {
              if [[ -d "$state/$1" ]]; then cp -r "$state/$1"/. "$state/fields/"; rm -rf "${state:?}/$1"; fi
            }
            if [[ -f "$state/forbidden/$1 ${2:-}" ]]; then
              echo "Error from server (Forbidden): $2 is forbidden" >&2
              exit 1
            fi
            case "$1 ${2:-}" in
              "kustomize "*) exec "$FAKE_KUBECTL_REAL" kustomize "$2" ;;
              "get crd") ;;
              "get flinkdeployment")
                [[ -n "$(ls -A "$state/fields")" || " $* " == *" --ignore-not-found "* ]] || exit 1
                if [[ "${4:-}" == -o ]]; then answer "$5"; fi
                ;;
              "get deployment") if [[ "${4:-}" == -o ]]; then answer "$5"; fi ;;
              "get secret") [[ -f "$state/secrets/$3" ]] ;;
              "get job") [[ "${5:-}" != *succeeded* ]] || echo 1 ;;
              "create secret")
                for argument in "$@"; do
                  if [[ "$argument" == --from-file=password=* ]]; then
                    cp "${argument#--from-file=password=}" "$state/secrets/$4"
                  fi
                done
                ;;
              "create configmap") echo "kind: ConfigMap" ;;
              "apply -f")
                if [[ "$3" == - ]]; then
                  cat > /dev/null
                elif (($# == 3)); then
                  cp "$3" "$state/applied.yaml"
                  progress after-change
                fi
                ;;
              "patch flinkdeployment") progress after-change ;;
              *) ;;
            esac
            """;

    private static final String SLEEP =
            """
            #!/usr/bin/env bash
            state="$FAKE_KUBECTL_STATE"
            if [[ -d "$state/after-sleep" ]]; then
              cp -r "$state/after-sleep"/. "$state/fields/"
              rm -rf "${state:?}/after-sleep"
            fi
            """;

    private final Path bin;
    private final Path state;
    private Path realKubectl = Path.of("/no/real/kubectl");

    FakeKubectl(Path directory) {
        bin = directory.resolve("bin");
        state = directory.resolve("state");
        try {
            Files.createDirectories(bin);
            Files.createDirectories(state.resolve("fields"));
            Files.createDirectories(state.resolve("secrets"));
            Files.writeString(state.resolve("calls"), "");
            executable(bin.resolve("kubectl"), KUBECTL);
            executable(bin.resolve("sleep"), SLEEP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Skips a test whose script renders the manifests: kustomize is the real kubectl's. */
    FakeKubectl withKustomize() {
        realKubectl = ExternalCommand.find("kubectl").orElse(null);
        assumeTrue(realKubectl != null, "kubectl (for kustomize) is not installed");
        return this;
    }

    /** The JobManager's Deployment runs this image. */
    FakeKubectl runningImage(String image) {
        return field(
                ".spec.template.spec.containers[?(@.name==\"flink-main-container\")].image", image);
    }

    /** Sets a field of the FlinkDeployment, by the JSONPath the scripts ask for. */
    FakeKubectl field(String path, Object value) {
        return write("fields", path, value);
    }

    /** A field as the API server sets it once the spec changes: applied or patched. */
    FakeKubectl afterChange(String path, Object value) {
        return write("after-change", path, value);
    }

    /** A field as the operator sets it while the script sleeps. */
    FakeKubectl afterSleep(String path, Object value) {
        return write("after-sleep", path, value);
    }

    /** {@code kubectl VERB KIND} fails as a role without that permission does. */
    FakeKubectl forbidden(String verb, String kind) {
        return write("forbidden", verb + " " + kind, "");
    }

    /** A Secret that exists. */
    FakeKubectl secret(String name) {
        return write("secrets", name, "");
    }

    /** Runs a script of deploy/kubernetes/bin against this kubectl. */
    ExternalCommand.Result run(Path script, String... arguments) {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(arguments));
        return ExternalCommand.run(
                script.getParent(),
                Map.of(
                        "PATH",
                        bin + ":" + System.getenv("PATH"),
                        "FAKE_KUBECTL_STATE",
                        state.toString(),
                        "FAKE_KUBECTL_REAL",
                        realKubectl.toString(),
                        "HERDPULSE_NAMESPACE",
                        "",
                        "HERDPULSE_WAIT_SECONDS",
                        "60"),
                command);
    }

    /** The arguments of every call so far, one line each. */
    List<String> calls() {
        return read(state.resolve("calls")).lines().toList();
    }

    /** The manifests applied last without a selector: those of the FlinkDeployment included. */
    String applied() {
        return read(state.resolve("applied.yaml"));
    }

    /** The password a Secret was created with, empty if none was. */
    String secretPassword(String secret) {
        Path file = state.resolve("secrets").resolve(secret);
        return Files.exists(file) ? read(file) : "";
    }

    private FakeKubectl write(String directory, String path, Object value) {
        try {
            Path folder = Files.createDirectories(state.resolve(directory));
            Files.writeString(
                    folder.resolve(path.replace("\\", "").replace('/', '_')),
                    String.valueOf(value));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
