package io.herdpulse.monitoring.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herdpulse.monitoring.RepositoryFiles;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * docker-compose.yml as Compose reads it, as far as the tests need: services with YAML merge keys
 * applied. Jackson keeps an alias as the anchor's name, so {@code <<: *flink} is resolved from the
 * extension block {@code x-flink} (the file names each shared block's anchor after its key). Public
 * for the deploy module's tests.
 */
public record ComposeFile(JsonNode root, Map<String, JsonNode> services) {

    static final Path FILE = RepositoryFiles.root().resolve("docker-compose.yml");

    public static ComposeFile read() {
        JsonNode root = RepositoryFiles.readYaml(FILE);
        Map<String, JsonNode> services = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("services").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> service = it.next();
            services.put(service.getKey(), mergeKeysApplied(root, service.getValue()));
        }
        return new ComposeFile(root, services);
    }

    private static JsonNode mergeKeysApplied(JsonNode root, JsonNode service) {
        if (!service.has("<<")) {
            return service;
        }
        String anchor = service.path("<<").asText();
        JsonNode shared = root.path("x-" + anchor);
        if (!shared.isObject()) {
            throw new IllegalStateException(
                    "no extension block x-" + anchor + " for <<: *" + anchor);
        }
        ObjectNode merged = ((ObjectNode) shared).deepCopy();
        service.fields()
                .forEachRemaining(
                        field -> {
                            if (!field.getKey().equals("<<")) {
                                merged.set(field.getKey(), field.getValue());
                            }
                        });
        return merged;
    }

    /**
     * A Flink service's configuration options from its FLINK_PROPERTIES, as the flink image's
     * docker-entrypoint.sh reads them: each non-blank line, trimmed, is a key up to its first colon
     * and the trimmed rest as value; a later line wins.
     */
    public Map<String, String> flinkConfiguration(String service) {
        Map<String, String> options = new LinkedHashMap<>();
        services.get(service)
                .path("environment")
                .path("FLINK_PROPERTIES")
                .asText()
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .forEach(
                        line -> {
                            int colon = line.indexOf(':');
                            if (colon < 1) {
                                throw new IllegalStateException(
                                        "no key and value in FLINK_PROPERTIES of "
                                                + service
                                                + ": "
                                                + line);
                            }
                            options.put(
                                    line.substring(0, colon), line.substring(colon + 1).strip());
                        });
        return options;
    }

    /** A service's command or entrypoint as one string, whichever form it is written in. */
    static String text(JsonNode node) {
        if (node.isArray()) {
            StringBuilder text = new StringBuilder();
            node.forEach(part -> text.append(part.asText()).append(' '));
            return text.toString().trim();
        }
        return node.asText("");
    }
}
