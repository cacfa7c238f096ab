package io.herdpulse.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Where the files under test are, and a YAML reader for them. */
public final class RepositoryFiles {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private RepositoryFiles() {}

    /** The repository's root (surefire passes it; running from the module directory works too). */
    public static Path root() {
        return Path.of(System.getProperty("herdpulse.repository.dir", ".."))
                .toAbsolutePath()
                .normalize();
    }

    public static Path monitoring() {
        return root().resolve("monitoring");
    }

    public static Path prometheus() {
        return monitoring().resolve("prometheus");
    }

    public static Path grafana() {
        return monitoring().resolve("grafana");
    }

    public static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }
}
