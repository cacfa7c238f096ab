package io.herdpulse.stack.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.herdpulse.stack.StackException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedProcessTest {

    @Test
    void startsADetachedProcessAndStopsItByItsPidFile(@TempDir Path dir) throws Exception {
        ManagedProcess sleeper =
                new ManagedProcess(
                        "sleeper", dir.resolve("sleeper.pid"), dir.resolve("sleeper.log"));

        ProcessHandle started =
                sleeper.start(List.of("sh", "-c", "echo hello; exec sleep 60"), Map.of(), dir);

        assertThat(
                        new ManagedProcess("sleeper", dir.resolve("sleeper.pid"), dir.resolve("x"))
                                .running())
                .contains(started);
        // On a busy machine the shell may not have written yet: stopping it first loses the line.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.readString(dir.resolve("sleeper.log")).equals("hello\n"));
        assertThat(sleeper.stop(Signal.TERM, Duration.ofSeconds(10))).isTrue();
        assertThat(started.isAlive()).isFalse();
        assertThat(dir.resolve("sleeper.pid")).doesNotExist();
        assertThat(Files.readString(dir.resolve("sleeper.log"))).isEqualTo("hello\n");
        assertThat(sleeper.stop(Signal.TERM, Duration.ofSeconds(1))).isFalse();
    }

    @Test
    void aProcessWhosePidCannotBeRecordedIsStoppedWithWhatItStarted(@TempDir Path dir)
            throws Exception {
        // A full disk fails the write after the start: unrecorded, it would run beside its
        // next start for ever.
        Path pidFile = Files.createDirectories(dir.resolve("sleeper.pid").resolve("in-the-way"));
        ManagedProcess sleeper =
                new ManagedProcess("sleeper", pidFile.getParent(), dir.resolve("sleeper.log"));

        assertThatThrownBy(
                        () ->
                                sleeper.start(
                                        List.of("sh", "-c", "sleep 307; echo unrecorded-sleeper"),
                                        Map.of(),
                                        dir))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("cannot record sleeper's pid");
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                ProcessHandle.current()
                                        .descendants()
                                        .filter(ProcessHandle::isAlive)
                                        .map(process -> process.info().commandLine().orElse(""))
                                        .noneMatch(
                                                line ->
                                                        line.contains("unrecorded-sleeper")
                                                                || line.contains("sleep 307")));
    }

    /**
     * A process that outlives SIGKILL, as one in uninterruptible I/O does: here a zombie, whose
     * parent never reaps it (killing it changes nothing until then). Stopping it gives up after
     * {@link ManagedProcess#KILL_WAIT} with a clear error; before, {@code down} waited for ever.
     */
    @Test
    void aProcessThatOutlivesItsKillIsReportedNotWaitedForForEver(@TempDir Path dir)
            throws Exception {
        Process parent =
                new ProcessBuilder(
                                "python3",
                                "-c",
                                "import os, sys, time\n"
                                        + "child = os.fork()\n"
                                        + "if child == 0: os._exit(0)\n"
                                        + "print(child, flush=True)\n"
                                        + "time.sleep(300)\n")
                        .redirectErrorStream(true)
                        .start();
        try {
            long zombie =
                    Long.parseLong(
                            new BufferedReader(new InputStreamReader(parent.getInputStream()))
                                    .readLine()
                                    .trim());
            long ticks = BootTicks.of(zombie).orElseThrow();
            Files.writeString(
                    dir.resolve("stuck.pid"), zombie + " " + Instant.EPOCH + " " + ticks + "\n");
            ManagedProcess stuck =
                    new ManagedProcess("stuck", dir.resolve("stuck.pid"), dir.resolve("stuck.log"));
            assertThat(stuck.running()).isPresent();

            assertThatThrownBy(
                            () ->
                                    assertTimeoutPreemptively(
                                            ManagedProcess.KILL_WAIT.plusSeconds(30),
                                            () -> stuck.stop(Signal.TERM, Duration.ofMillis(100))))
                    .isInstanceOf(StackException.class)
                    .hasMessage(
                            "stuck (pid "
                                    + zombie
                                    + ") is still there "
                                    + ManagedProcess.KILL_WAIT.toSeconds()
                                    + " s after kill -9");
            assertThat(dir.resolve("stuck.pid")).doesNotExist();
        } finally {
            parent.destroyForcibly().waitFor();
        }
    }

    @Test
    void aPidFileWhosePidNowBelongsToAnotherProcessIsNotOurs(@TempDir Path dir) throws Exception {
        // Our own JVM's pid with another start time: what a reboot or a recycled pid looks like.
        Files.writeString(
                dir.resolve("stale.pid"),
                ProcessHandle.current().pid() + " " + Instant.parse("2001-01-01T00:00:00Z") + "\n");
        ManagedProcess stale =
                new ManagedProcess("stale", dir.resolve("stale.pid"), dir.resolve("stale.log"));

        assertThat(stale.running()).isEmpty();
        assertThat(stale.stop(Signal.TERM, Duration.ofSeconds(1))).isFalse();
        assertThat(ProcessHandle.current().isAlive()).isTrue();
        assertThat(dir.resolve("stale.pid")).doesNotExist();
    }

    @Test
    void aStartTimeReadASecondOffByAnotherJvmIsStillOurs(@TempDir Path dir) throws Exception {
        // What a JVM started after a wall-clock adjustment reads: the kernel's boot time, and so
        // every process' start, one second later than the JVM that wrote the pid file saw it.
        Instant started = ProcessHandle.current().info().startInstant().orElseThrow();
        Files.writeString(
                dir.resolve("ours.pid"),
                ProcessHandle.current().pid() + " " + started.minusSeconds(1) + "\n");
        ManagedProcess ours =
                new ManagedProcess("ours", dir.resolve("ours.pid"), dir.resolve("ours.log"));

        assertThat(ours.running()).contains(ProcessHandle.current());
        assertThat(ours.died()).isFalse();
    }

    @Test
    void aPidStartedLaterThanTheToleranceIsAnotherProcess(@TempDir Path dir) throws Exception {
        Instant started = ProcessHandle.current().info().startInstant().orElseThrow();
        Files.writeString(
                dir.resolve("other.pid"),
                ProcessHandle.current().pid()
                        + " "
                        + started.minus(ManagedProcess.START_TOLERANCE).minusSeconds(1)
                        + "\n");
        ManagedProcess other =
                new ManagedProcess("other", dir.resolve("other.pid"), dir.resolve("other.log"));

        assertThat(other.running()).isEmpty();
    }

    @Test
    void aProcessWhoseBootTicksMatchIsOursHoweverFarTheWallClockMoved(@TempDir Path dir)
            throws Exception {
        long ticks = BootTicks.of(ProcessHandle.current().pid()).orElseThrow();
        Files.writeString(
                dir.resolve("ours.pid"),
                ProcessHandle.current().pid()
                        + " "
                        + Instant.parse("2001-01-01T00:00:00Z")
                        + " "
                        + ticks
                        + "\n");
        ManagedProcess ours =
                new ManagedProcess("ours", dir.resolve("ours.pid"), dir.resolve("ours.log"));

        assertThat(ours.running()).contains(ProcessHandle.current());
    }

    @Test
    void aProcessWhoseBootTicksDifferIsAnotherOneWhateverItsStartInstant(@TempDir Path dir)
            throws Exception {
        Instant started = ProcessHandle.current().info().startInstant().orElseThrow();
        long ticks = BootTicks.of(ProcessHandle.current().pid()).orElseThrow();
        Files.writeString(
                dir.resolve("other.pid"),
                ProcessHandle.current().pid() + " " + started + " " + (ticks + 1) + "\n");
        ManagedProcess other =
                new ManagedProcess("other", dir.resolve("other.pid"), dir.resolve("other.log"));

        assertThat(other.running()).isEmpty();
    }

    @Test
    void theStartFieldIsCountedFromTheEndOfACommandNameWithSpacesAndParentheses() {
        assertThat(
                        BootTicks.parse(
                                "4242 (a (b) c) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0"
                                        + " 1 0 987654 1000 10 18446744073709551615"))
                .contains(987654L);
    }
}
