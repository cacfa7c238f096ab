package io.herdpulse.stack.process;

import io.herdpulse.stack.StackException;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A command run to its end, or killed at a limit. A client that waits on a server that no longer
 * answers (a JobManager stopped or deep in garbage collection) may wait for hours; the supervisor
 * that ran it would meanwhile restart nothing, not even that server.
 */
public final class Command {
    /** What the command printed, and its exit code; none when it was killed at the limit. */
    public record Ended(OptionalInt exitCode, String output) {
        /** It exited by itself, with 0. */
        public boolean succeeded() {
            return exitCode.equals(OptionalInt.of(0));
        }

        /** How it ended, for a message: "exit 1", or "killed at its time limit". */
        public String end() {
            return exitCode.isPresent()
                    ? "exit " + exitCode.getAsInt()
                    : "killed at its time limit";
        }
    }

    private Command() {}

    /**
     * Runs {@code builder}'s command with standard error merged into its output, which goes through
     * a file: a pipe would block the command once it filled, and reading it to its end would wait
     * past the limit.
     */
    public static Ended run(ProcessBuilder builder, Duration limit) {
        String name = builder.command().get(0);
        Path output = null;
        Process process = null;
        try {
            output = Files.createTempFile("herdpulse-command", ".out");
            process =
                    builder.redirectErrorStream(true)
                            .redirectOutput(output.toFile())
                            .redirectInput(Redirect.from(new File("/dev/null")))
                            .start();
            boolean inTime = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (!inTime) {
                process.destroyForcibly().waitFor();
            }
            String printed = new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
            return new Ended(
                    inTime ? OptionalInt.of(process.exitValue()) : OptionalInt.empty(), printed);
        } catch (IOException e) {
            throw new StackException("cannot run " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while running " + name, e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }
}
