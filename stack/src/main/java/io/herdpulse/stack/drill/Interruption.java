package io.herdpulse.stack.drill;

import io.herdpulse.stack.Stack;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What an interrupted drill (Ctrl-C, a kill) still does on its way out, in a shutdown hook that
 * runs beside the drill's own thread. It stops that thread first — interrupts it and waits until it
 * has unwound, so it starts nothing more: no run, no resubmission of the user's job that nobody
 * would record — and then cancels what would outlive the drill: the current run's simulator and
 * job, and any drill job a {@code flink run} cut short submitted without printing its id.
 */
final class Interruption implements AutoCloseable {
    /** Longer than a Flink client the drill's thread waits for takes to end. */
    private static final Duration UNWIND = Duration.ofSeconds(30);

    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch unwound = new CountDownLatch(1);
    private final Thread hook;

    private Interruption(Stack stack, List<DrillRun> runs, PrintStream out, String farewell) {
        Thread drill = Thread.currentThread();
        this.hook =
                new Thread(
                        () -> {
                            stopping.set(true);
                            drill.interrupt();
                            awaitUnwound();
                            if (!runs.isEmpty()) {
                                runs.get(runs.size() - 1).abandon();
                            }
                            DrillRun.cancelDrillJobs(stack);
                            out.println(farewell);
                        },
                        "drill-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Watches the calling thread's drill until {@link #close}; {@code runs} is read by the hook, so
     * it must be safe to read from another thread.
     */
    static Interruption watch(Stack stack, List<DrillRun> runs, PrintStream out, String farewell) {
        return new Interruption(stack, runs, out, farewell);
    }

    /** Whether the drill is being interrupted: then it must not clean up or resubmit anything. */
    boolean stopping() {
        return stopping.get();
    }

    /** The drill's thread has unwound. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs, and goes on now.
        }
        unwound.countDown();
    }

    private void awaitUnwound() {
        try {
            unwound.await(UNWIND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
