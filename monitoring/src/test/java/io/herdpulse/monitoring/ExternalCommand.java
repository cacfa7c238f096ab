package io.herdpulse.monitoring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a command-line tool (promtool, docker-compose) the way a user would, and captures its
 * output.
 */
public final class ExternalCommand {
    private ExternalCommand() {}

    public record Result(int exitCode, String output) {}

    /** The executable on PATH or in /usr/bin, if installed. */
    public static Optional<Path> find(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(":")), Stream.of("/usr/bin"))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Runs command in directory with this JVM's environment changed by environment: a variable
     * mapped to the empty string is removed, so the tool cannot pick it up from the caller's shell.
     */
    public static Result run(
            Path directory, Map<String, String> environment, List<String> command) {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        environment.forEach(
                (name, value) -> {
                    if (value.isEmpty()) {
                        builder.environment().remove(name);
                    } else {
                        builder.environment().put(name, value);
                    }
                });
        try {
            Process process = builder.start();
            try {
                // Read before waiting: a full pipe would otherwise block the tool for ever.
                String output =
                        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("timed out: " + command);
                }
                return new Result(process.exitValue(), output);
            } finally {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }
}
