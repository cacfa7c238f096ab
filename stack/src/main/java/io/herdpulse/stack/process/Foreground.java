package io.herdpulse.stack.process;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    private Foreground(Process process, Thread stopWithTheCli) {
        this.process = process;
        this.stopWithTheCli = stopWithTheCli;
    }

    /**
     * Starts the command with this terminal's input and output, to be stopped with the CLI and
     * given {@code cleanUp} to exit. Call from the thread that waits for it ({@link
     * DiesWithParent}).
     */
    public static Foreground start(List<String> command, Duration cleanUp) throws IOException {
        // The hook is in place before the command starts: a SIGTERM that came between the two
        // ended the CLI at once, and the command was left to clean up alone (ForegroundTest, once
        // in CI, the CLI a fresh JVM on a busy machine).
        CompletableFuture<Process> started = new CompletableFuture<>();
        Thread stopWithTheCli = new Thread(() -> stop(started, cleanUp), "stop-foreground-command");
        Runtime.getRuntime().addShutdownHook(stopWithTheCli);
        try {
            Process process =
                    new ProcessBuilder(DiesWithParent.command("TERM", command)).inheritIO().start();
            started.complete(process);
            return new Foreground(process, stopWithTheCli);
        } catch (IOException | RuntimeException failed) {
            started.completeExceptionally(failed);
            forget(stopWithTheCli);
            throw failed;
        }
    }

    /** The hook: once the command has started (the CLI's thread goes on while it runs), stop it. */
    private static void stop(CompletableFuture<Process> started, Duration cleanUp) {
        try {
            Process process = started.get(cleanUp.toMillis(), TimeUnit.MILLISECONDS);
            process.destroy();
            process.waitFor(cleanUp.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException exiting) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException neverStarted) {
            // Nothing to stop.
        }
    }

    public Process process() {
        return process;
    }

    /** Waits for the command to end; returns its exit code. */
    public int waitFor() throws InterruptedException {
        int exit = process.waitFor();
        forget(stopWithTheCli);
        return exit;
    }

    private static void forget(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The CLI is exiting: its hook is running already.
        }
    }
}
