package io.herdpulse.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack's lock as other processes see it. Within the process that holds it ({@code down}
 * looking at its components, the supervisor's looks beside a restart), another look must not give
 * it away: closing a second channel on the lock file would release the process's lock, so a real
 * second process is what asks here.
 */
class StackLockTest {
    private static final String OTHER_PROCESS =
            """
            import java.nio.channels.FileChannel;
            import java.nio.file.Path;
            import java.nio.file.StandardOpenOption;

            public class TryLock {
                public static void main(String[] args) throws Exception {
                    try (FileChannel channel =
                            FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {
                        System.exit(channel.tryLock() == null ? 1 : 0);
                    }
                }
            }
            """;

    @TempDir Path dir;

    @Test
    void aLookFromWithinTheHoldingProcessKeepsTheStackLockedForOthers() throws Exception {
        StackHome home = new StackHome(dir);
        AtomicBoolean changed = new AtomicBoolean();

        try (StackLock held = StackLock.acquire(home)) {
            assertThat(StackLock.tryAcquire(home)).isEmpty();
            assertThat(StackLock.tryWith(home, () -> changed.set(true))).isTrue();
            assertThat(lockableByAnotherProcess(home)).isFalse();
        }

        assertThat(changed).isTrue();
        assertThat(lockableByAnotherProcess(home)).isTrue();
    }

    @Test
    void anotherThreadOfTheHoldingProcessFindsTheStackLockedAndWaitsForIt() throws Exception {
        // The supervisor's look at the job settles a user's stop under the lock while its main
        // thread restarts another component holding it.
        StackHome home = new StackHome(dir);
        AtomicBoolean changed = new AtomicBoolean();
        CompletableFuture<StackLock> waiting;

        try (StackLock held = StackLock.acquire(home)) {
            assertThat(onAnotherThread(() -> StackLock.tryAcquire(home)).isEmpty()).isTrue();
            assertThat(onAnotherThread(() -> StackLock.tryWith(home, () -> changed.set(true))))
                    .isFalse();
            waiting = CompletableFuture.supplyAsync(() -> StackLock.acquire(home));
            assertThat(lockableByAnotherProcess(home)).isFalse();
            assertThat(waiting).isNotDone();
        }

        assertThat(changed).isFalse();
        try (StackLock second = waiting.get(30, TimeUnit.SECONDS)) {
            assertThat(lockableByAnotherProcess(home)).isFalse();
        }
        assertThat(lockableByAnotherProcess(home)).isTrue();
    }

    private static <T> T onAnotherThread(Supplier<T> look) throws Exception {
        return CompletableFuture.supplyAsync(look).get(30, TimeUnit.SECONDS);
    }

    private boolean lockableByAnotherProcess(StackHome home) throws Exception {
        Path source = dir.resolve("TryLock.java");
        Files.writeString(source, OTHER_PROCESS);
        Path lockFile = home.pidFile("stack").resolveSibling("stack.lock");
        Process process =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                source.toString(),
                                lockFile.toString())
                        .inheritIO()
                        .start();
        return process.waitFor() == 0;
    }
}
