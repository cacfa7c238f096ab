package io.herdpulse.stack.process;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command run in this terminal on behalf of the CLI (the producer, the benchmark) that ends with
 * the CLI: a SIGTERM or Ctrl-C to the CLI is passed on as SIGTERM, and the CLI waits while the
 * command cleans up (the producer flushes what it has, the benchmark stops what it started); a
 * {@code kill -9} of the CLI reaches it as SIGTERM through the kernel ({@link DiesWithParent}).
 * Before, {@code kill} of {@code bin/herdpulse produce} left the producer publishing.
 */
public final class Foreground {
    private final Process process;
    private final Thread stopWithTheCli;

    private Foreground(Process process, Duration cleanUp) {
        this.process = process;
        this.stopWithTheCli =
                new Thread(
                        () -> {
                            process.destroy();
                            try {
                                process.waitFor(cleanUp.toMillis(), TimeUnit.MILLISECONDS);
                            } catch (InterruptedException exiting) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "stop-foreground-command");
    }

    /**
     * Starts the command with this terminal's input and output, to be stopped with the CLI and
     * given {@code cleanUp} to exit. Call from the thread that waits for it ({@link
     * DiesWithParent}).
     */
    public static Foreground start(List<String> command, Duration cleanUp) throws IOException {
        Foreground foreground =
                new Foreground(
                        new ProcessBuilder(DiesWithParent.command("TERM", command))
                                .inheritIO()
                                .start(),
                        cleanUp);
        Runtime.getRuntime().addShutdownHook(foreground.stopWithTheCli);
        return foreground;
    }

    public Process process() {
        return process;
    }

    /** Waits for the command to end; returns its exit code. */
    public int waitFor() throws InterruptedException {
        int exit = process.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(stopWithTheCli);
        } catch (IllegalStateException shuttingDown) {
            // The CLI is exiting: its hook is running already.
        }
        return exit;
    }
}
