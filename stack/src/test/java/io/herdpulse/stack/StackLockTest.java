package io.herdpulse.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack's lock as other processes see it. Within the process that holds it ({@code down}
 * looking at its components), another look must not give it away: closing a second channel on the
 * lock file would release the process's lock, so a real second process is what asks here.
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
