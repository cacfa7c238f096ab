package io.herdpulse.stack.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class UnwindOnExitTest {

    @Test
    void theExitWaitsUntilTheInterruptedCommandHasCleanedUpAndThenDoesWhatIsLeft()
            throws Exception {
        AtomicReference<UnwindOnExit> watching = new AtomicReference<>();
        CountDownLatch running = new CountDownLatch(1);
        List<String> happened = new CopyOnWriteArrayList<>();
        Thread command =
                new Thread(
                        () -> {
                            // As a benchmark holds them: its stack closes first, then the watch.
                            try (UnwindOnExit exit =
                                            new UnwindOnExit(
                                                    "test-exit",
                                                    Duration.ofMinutes(1),
                                                    () -> happened.add("farewell"));
                                    AutoCloseable stack =
                                            () -> {
                                                Thread.sleep(300); // jobs cancelled, topics gone
                                                happened.add("cleaned up");
                                            }) {
                                watching.set(exit);
                                running.countDown();
                                Thread.sleep(TimeUnit.MINUTES.toMillis(5)); // a suite's wait
                            } catch (Exception stopped) {
                                // interrupted: unwound
                            }
                        });
        command.start();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        // What the JVM's shutdown hook runs on Ctrl-C.
        CompletableFuture.runAsync(watching.get()::exiting).get(30, TimeUnit.SECONDS);

        assertThat(happened).containsExactly("cleaned up", "farewell");
        assertThat(watching.get().stopping()).isTrue();
        command.join(TimeUnit.SECONDS.toMillis(10));
    }

    @Test
    void aCommandThatDoesNotUnwindHoldsTheExitOnlyUntilTheLimit() throws Exception {
        AtomicReference<UnwindOnExit> watching = new AtomicReference<>();
        CountDownLatch running = new CountDownLatch(1);
        List<String> happened = new CopyOnWriteArrayList<>();
        Thread stuck =
                new Thread(
                        () -> {
                            UnwindOnExit exit =
                                    new UnwindOnExit(
                                            "test-exit",
                                            Duration.ofMillis(200),
                                            () -> happened.add("farewell"));
                            watching.set(exit);
                            running.countDown();
                            // Deaf to interrupts, it never closes the watch.
                        });
        stuck.start();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        stuck.join();

        try {
            CompletableFuture.runAsync(watching.get()::exiting).get(30, TimeUnit.SECONDS);

            assertThat(happened).containsExactly("farewell");
        } finally {
            watching.get().close(); // the hook of this test JVM
        }
    }
}
