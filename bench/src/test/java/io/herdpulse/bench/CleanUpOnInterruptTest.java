package io.herdpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CleanUpOnInterruptTest {

    @Test
    void theExitWaitsUntilTheInterruptedBenchmarkHasCleanedUp() throws Exception {
        AtomicReference<CleanUpOnInterrupt> watching = new AtomicReference<>();
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean cleanedUp = new AtomicBoolean();
        Thread benchmark =
                new Thread(
                        () -> {
                            // As Bench.run holds them: the stack closes first, then the watch.
                            try (CleanUpOnInterrupt interrupt = new CleanUpOnInterrupt();
                                    AutoCloseable stack =
                                            () -> {
                                                Thread.sleep(300); // jobs cancelled, topics gone
                                                cleanedUp.set(true);
                                            }) {
                                watching.set(interrupt);
                                running.countDown();
                                Thread.sleep(TimeUnit.MINUTES.toMillis(5)); // a suite's wait
                            } catch (Exception stopped) {
                                // interrupted: unwound
                            }
                        });
        benchmark.start();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        // What the JVM's shutdown hook runs on Ctrl-C.
        CompletableFuture.runAsync(watching.get()::interrupted).get(30, TimeUnit.SECONDS);

        assertThat(cleanedUp).as("cleaned up before the exit goes on").isTrue();
        assertThat(watching.get().stopping()).isTrue();
        benchmark.join(TimeUnit.SECONDS.toMillis(10));
    }
}
