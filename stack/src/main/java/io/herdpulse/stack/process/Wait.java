package io.herdpulse.stack.process;

import io.herdpulse.stack.StackException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waiting for a component to become healthy, with a message that says which log to read when it
 * does not.
 */
public final class Wait {
    private static final Duration POLL = Duration.ofMillis(250);

    private Wait() {}

    public static void until(
            String what, Duration timeout, Path log, ProcessHandle process, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (process != null && !process.isAlive()) {
                throw new StackException(what + " exited while starting; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new StackException(
                        what + " did not come up within " + timeout.toSeconds() + " s; see " + log);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while waiting for " + what, e);
            }
        }
    }
}
