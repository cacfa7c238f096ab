package io.herdpulse.stack.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A server frozen as a hung one is, for tests: SIGSTOP, and SIGCONT to thaw it. */
public final class Stopped {
    private Stopped() {}

    /** {@code kill SIGNAL pid}, which must succeed. */
    public static void signal(String signal, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", signal, Long.toString(pid)).start().waitFor())
                .isZero();
    }

    /** Whether every thread of the process is in state T, stopped by a signal. */
    public static boolean everyThreadStopped(long pid) throws IOException {
        try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return threads.allMatch(
                    thread -> {
                        try {
                            String stat = Files.readString(thread.resolve("stat"));
                            return stat.charAt(stat.lastIndexOf(')') + 2) == 'T';
                        } catch (IOException gone) {
                            return true;
                        }
                    });
        }
    }
}
