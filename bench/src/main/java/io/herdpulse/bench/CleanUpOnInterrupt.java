package io.herdpulse.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C (or a kill) while the benchmark runs: the JVM's exit waits until the benchmark's thread,
 * interrupted, has cleaned up what it made. Without it the stack's own job stayed stopped, the
 * supervisor too, and the benchmark's jobs, topics and databases stayed behind, an unbounded
 * latency job holding its task slots for ever.
 */
final class CleanUpOnInterrupt implements AutoCloseable {
    /** Cleaning up cancels jobs and resubmits the stack's own, with a flink run. */
    static final Duration CLEANUP = Duration.ofMinutes(3);

    private final Thread bench = Thread.currentThread();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch cleaned = new CountDownLatch(1);
    private final Thread hook = new Thread(this::interrupted, "bench-interrupted");

    /** Watches the calling thread until {@link #close}. */
    CleanUpOnInterrupt() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** What the hook does: interrupt the benchmark, and wait for its clean-up. */
    void interrupted() {
        stopping.set(true);
        bench.interrupt();
        try {
            cleaned.await(CLEANUP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException exiting) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the benchmark is being stopped: then it must start nothing more. */
    boolean stopping() {
        return stopping.get();
    }

    /** Everything is cleaned up. */
    @Override
    public void close() {
        cleaned.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException exiting) {
            // The hook runs, and returns now.
        }
    }
}
