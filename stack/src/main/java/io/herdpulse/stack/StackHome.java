package io.herdpulse.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one directory holding the local stack's data, configuration, logs, pid files and generated
 * secrets: {@code $HERDPULSE_HOME}, or {@code .herdpulse/} in the checkout.
 */
public record StackHome(Path root) {

    public static StackHome of(Distribution distribution) {
        String configured = System.getenv("HERDPULSE_HOME");
        Path root =
                configured != null && !configured.isBlank()
                        ? Path.of(configured)
                        : distribution.root().resolve(".herdpulse");
        return new StackHome(root.toAbsolutePath().normalize());
    }

    public Path data(String component) {
        return create(root.resolve("data").resolve(component));
    }

    public Path conf(String component) {
        return create(root.resolve("conf").resolve(component));
    }

    public Path log(String component) {
        return create(root.resolve("logs")).resolve(component + ".log");
    }

    public Path pidFile(String component) {
        return create(root.resolve("run")).resolve(component + ".pid");
    }

    public Path secrets() {
        return root.resolve("secrets");
    }

    private static Path create(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
