package io.herdpulse.stack.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herdpulse.stack.StackException;
import io.herdpulse.stack.StackHome;
import io.herdpulse.stack.StackLock;
import io.herdpulse.stack.process.ManagedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a drill's server outage ends: {@link Drill#unlessTakenDown}. */
class OutageEndTest {

    @Test
    void theServerIsStartedAgainUnderTheStacksLockWhileTheStackRuns(@TempDir Path dir)
            throws Exception {
        StackHome home = new StackHome(dir.resolve("home"));
        List<Boolean> lockFreeDuringStart = new ArrayList<>();

        Drill.unlessTakenDown(
                        home,
                        jobManager(dir, Optional.of(ProcessHandle.current())),
                        "postgres",
                        () -> lockFreeDuringStart.add(lockFreeForAnotherThread(home)))
                .run();

        assertThat(lockFreeDuringStart).containsExactly(false);
    }

    @Test
    void aJobManagerThatDiedIsTheSupervisorsToRestartNotATakenDownStack(@TempDir Path dir)
            throws Exception {
        List<String> started = new ArrayList<>();
        // Its pid file names a process that is gone: it died, nobody stopped it.
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();

        Drill.unlessTakenDown(
                        new StackHome(dir.resolve("home")),
                        jobManager(dir, Optional.of(gone.toHandle())),
                        "broker",
                        () -> started.add("broker"))
                .run();

        assertThat(started).containsExactly("broker");
    }

    @Test
    void aStackTakenDownDuringTheOutageLeavesTheServerStopped(@TempDir Path dir) {
        List<String> started = new ArrayList<>();

        assertThatThrownBy(
                        () ->
                                Drill.unlessTakenDown(
                                                new StackHome(dir.resolve("home")),
                                                jobManager(dir, Optional.empty()),
                                                "postgres",
                                                () -> started.add("postgres"))
                                        .run())
                .isInstanceOf(StackException.class)
                .hasMessage(
                        "the stack was taken down while the drill had postgres stopped: it stays"
                                + " stopped with the rest");
        assertThat(started).isEmpty();
    }

    /** The JobManager's pid file naming {@code process}, or none, as down leaves it. */
    private static ManagedProcess jobManager(Path dir, Optional<ProcessHandle> process)
            throws Exception {
        Path pidFile = dir.resolve("jobmanager.pid");
        if (process.isPresent()) {
            Instant started = process.get().info().startInstant().orElse(Instant.EPOCH);
            Files.writeString(pidFile, process.get().pid() + " " + started + "\n");
        }
        return new ManagedProcess("jobmanager", pidFile, dir.resolve("jobmanager.log"));
    }

    private static boolean lockFreeForAnotherThread(StackHome home) {
        return CompletableFuture.supplyAsync(
                        () -> {
                            Optional<StackLock> lock = StackLock.tryAcquire(home);
                            lock.ifPresent(StackLock::close);
                            return lock.isPresent();
                        })
                .join();
    }
}
