package io.herdpulse.stack.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herdpulse.stack.StackException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandTest {

    @Test
    void aCommandThatEndsGivesItsExitCodeAndAllItPrintedOnBothStreams() {
        Command.Ended ended =
                Command.run(
                        new ProcessBuilder(
                                "sh",
                                "-c",
                                "echo out; echo err >&2; head -c 200000 /dev/zero; exit 3"),
                        Duration.ofMinutes(1));

        assertThat(ended.exitCode()).isEqualTo(OptionalInt.of(3));
        assertThat(ended.succeeded()).isFalse();
        assertThat(ended.end()).isEqualTo("exit 3");
        assertThat(ended.output()).startsWith("out\nerr\n").hasSize(8 + 200_000);
    }

    @Test
    void aCommandStillRunningAtItsLimitIsKilledAndWhatItPrintedIsKept(@TempDir Path dir)
            throws Exception {
        Command.Ended ended =
                Command.run(
                        new ProcessBuilder(
                                        "sh", "-c", "echo waiting; echo $$ > pid; exec sleep 300")
                                .directory(dir.toFile()),
                        Duration.ofSeconds(1));

        assertThat(ended.exitCode()).isEmpty();
        assertThat(ended.succeeded()).isFalse();
        assertThat(ended.end()).isEqualTo("killed at its time limit");
        assertThat(ended.output()).isEqualTo("waiting\n");
        assertThat(ProcessHandle.of(Long.parseLong(Files.readString(dir.resolve("pid")).trim())))
                .isEmpty();
    }

    @Test
    void aCommandWhoseCallerIsInterruptedIsKilled(@TempDir Path dir) throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller =
                new Thread(
                        () -> {
                            try {
                                Command.run(
                                        new ProcessBuilder(
                                                        "sh", "-c", "echo $$ > pid; exec sleep 300")
                                                .directory(dir.toFile()),
                                        Duration.ofMinutes(5));
                            } catch (RuntimeException e) {
                                thrown.set(e);
                            }
                        });
        caller.start();
        Path pid = dir.resolve("pid");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(pid) && !Files.readString(pid).isBlank());
        ProcessHandle command =
                ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).orElseThrow();

        caller.interrupt();
        caller.join(Duration.ofSeconds(30).toMillis());

        assertThat(thrown.get())
                .isInstanceOf(StackException.class)
                .hasMessage("interrupted while running sh");
        await().atMost(Duration.ofSeconds(10)).until(() -> !command.isAlive());
    }
}
