package io.herdpulse.stack.process;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C (or a kill) while a long command runs (a drill, a benchmark): a shutdown hook interrupts
 * the command's thread and holds the JVM's exit until that thread has unwound — cleaned up what it
 * made, started nothing more — or a limit has passed, and then does what must still happen on the
 * way out. Without it a benchmark left the stack's own job and supervisor stopped, and its jobs,
 * topics and databases behind, an unbounded latency job holding its task slots for ever.
 */
public final class UnwindOnExit implements AutoCloseable {
    private final Thread watched = Thread.currentThread();
    private final Duration limit;
    private final Runnable afterwards;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch unwound = new CountDownLatch(1);
    private final Thread hook;

    /**
     * Watches the calling thread until {@link #close}.
     *
     * @param limit how long the exit waits for the thread to unwind
     * @param afterwards what the exit does then, unwound or not
     */
    public UnwindOnExit(String name, Duration limit, Runnable afterwards) {
        this.limit = limit;
        this.afterwards = afterwards;
        this.hook = new Thread(this::exiting, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** What the hook does on the JVM's way out. */
    void exiting() {
        stopping.set(true);
        watched.interrupt();
        try {
            unwound.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException exiting) {
            Thread.currentThread().interrupt();
        }
        afterwards.run();
    }

    /** Whether the JVM is exiting: then the watched thread must start nothing more. */
    public boolean stopping() {
        return stopping.get();
    }

    /** The watched thread has unwound. */
    @Override
    public void close() {
        unwound.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException exiting) {
            // The hook runs, and goes on now.
        }
    }
}
