package io.herdpulse.bench.tools;

import io.herdpulse.stack.StackException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A measuring tool in a JVM of its own (Kafka's performance tools, the producer), its output in a
 * log of the results directory; stopped by its pid if it outlives its time or the benchmark fails.
 */
public final class ToolRun {
    private ToolRun() {}

    /** Runs the command to its end and returns what it printed; fails on a non-zero exit. */
    public static String run(String name, List<String> command, Path log, Duration timeout) {
        Process process = null;
        try {
            Files.createDirectories(log.getParent());
            process =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile())
                            .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StackException(
                        name + " did not end within " + timeout.toSeconds() + " s; see " + log);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new StackException(
                        name + " failed (exit " + process.exitValue() + "); see " + log);
            }
            return output;
        } catch (IOException e) {
            throw new StackException("cannot run " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while running " + name, e);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}
