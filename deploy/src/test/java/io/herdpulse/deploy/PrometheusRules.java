package io.herdpulse.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Generates monitoring/prometheus-rules.yaml: one PrometheusRule per rule file of
 * monitoring/prometheus/rules/, whose spec is that file as it is (comments included), indented
 * under {@code spec:}. A rule file's top level is {@code groups:}, which is a PrometheusRule's
 * spec, so the wrapping changes nothing of the rules. PrometheusRulesTest checks the file against
 * this and, independently, the groups against the rule files; with {@code -Dherdpulse.write-rules}
 * it writes the file instead.
 */
final class PrometheusRules {
    static final Path RULES = KubernetesFiles.REPOSITORY.resolve("monitoring/prometheus/rules");
    static final Path GENERATED =
            KubernetesFiles.DIRECTORY.resolve("monitoring/prometheus-rules.yaml");

    /** The PrometheusRule of rules/NAME.yml is herdpulse-NAME. */
    static final String NAME_PREFIX = "herdpulse-";

    private PrometheusRules() {}

    static List<Path> ruleFiles() {
        try (Stream<Path> files = Files.list(RULES)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String name(Path ruleFile) {
        String file = ruleFile.getFileName().toString();
        return NAME_PREFIX + file.substring(0, file.length() - ".yml".length());
    }

    static String render() {
        StringBuilder yaml =
                new StringBuilder(
                        """
                        # GENERATED from monitoring/prometheus/rules/*.yml: do not edit here. Edit the rule files, then
                        #   mvn -B -o -q test -pl deploy -Dtest=PrometheusRulesTest -Dherdpulse.write-rules
                        # PrometheusRulesTest fails while this file and the rule files differ.
                        # One PrometheusRule per rule file, its spec the file's `groups:` as they are, so that a
                        # Prometheus run by the Prometheus Operator evaluates the rules the local stack evaluates.
                        """);
        String separator = "";
        for (Path ruleFile : ruleFiles()) {
            String relative = KubernetesFiles.REPOSITORY.relativize(ruleFile).toString();
            yaml.append(separator)
                    .append("apiVersion: monitoring.coreos.com/v1\n")
                    .append("kind: PrometheusRule\n")
                    .append("metadata:\n")
                    .append("  name: ")
                    .append(name(ruleFile))
                    .append('\n')
                    .append("  annotations:\n")
                    .append("    herdpulse.io/generated-from: ")
                    .append(relative)
                    .append('\n')
                    .append("spec:\n")
                    .append(indented(KubernetesFiles.text(ruleFile)));
            separator = "---\n";
        }
        return yaml.toString();
    }

    private static String indented(String text) {
        return text.lines()
                .map(line -> line.isBlank() ? "" : "  " + line)
                .collect(Collectors.joining("\n", "", "\n"));
    }

    static void write() {
        try {
            Files.writeString(GENERATED, render());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
