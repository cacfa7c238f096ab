package io.herdpulse.stack.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeeperTest {
    @TempDir Path dir;
    private Process keeper;

    @AfterEach
    void killWhatRemains() {
        if (keeper != null) {
            keeper.descendants().forEach(ProcessHandle::destroyForcibly);
            keeper.destroyForcibly();
        }
    }

    @Test
    void aCommandThatExitsIsStartedAgainAndToldHowManyTimes() throws Exception {
        Path starts = dir.resolve("starts");
        keep("echo \"$" + Keeper.RESTARTS + "\" >> " + starts + "; exit 3");

        // Started again after 1 s, then after 2 s.
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(starts) && Files.readAllLines(starts).size() >= 3);
        assertThat(Files.readAllLines(starts)).startsWith("0", "1", "2");
        assertThat(Files.readString(dir.resolve("keeper.log")))
                .contains("kept exited (3); starting it again in 1 s")
                .contains("kept exited (3); starting it again in 2 s");
    }

    @Test
    void sigtermStopsTheCommandThenTheKeeper() throws Exception {
        ProcessHandle command = keptSleeper();

        keeper.destroy();

        assertThat(keeper.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(keeper.exitValue()).isZero();
        assertThat(command.isAlive()).isFalse();
    }

    @Test
    void sigtermWhileTheKeeperWaitsToStartItAgainStopsItAtOnce() throws Exception {
        Path starts = dir.resolve("starts");
        keep("echo started >> " + starts + "; exit 1");
        awaitWritten(starts);

        keeper.destroy();

        assertThat(keeper.waitFor(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theCommandDiesWithAKilledKeeper() throws Exception {
        ProcessHandle command = keptSleeper();

        keeper.destroyForcibly();

        assertThat(command.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    @Test
    void whatTheCommandLeftRunningIsKilledBeforeItStartsAgain() throws Exception {
        Path left = dir.resolve("left");
        keep("sleep 300 & echo $! >> " + left + "; exit 5");
        awaitWritten(left);
        long orphan = Long.parseLong(Files.readAllLines(left).get(0).trim());

        await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(orphan).isEmpty());
    }

    @Test
    void theCommandGetsInterruptsAndQuitsThatAShellWithoutJobControlIgnores() throws Exception {
        Path status = dir.resolve("status");
        keep("grep SigIgn /proc/self/status > " + status + "; exec sleep 300");
        awaitWritten(status);

        long ignored = Long.parseLong(Files.readString(status).replace("SigIgn:", "").trim(), 16);
        long interruptAndQuit = (1L << (2 - 1)) | (1L << (3 - 1)); // SIGINT 2, SIGQUIT 3
        assertThat(ignored & interruptAndQuit).isZero();
    }

    private static void awaitWritten(Path file) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(file) && Files.size(file) > 0);
    }

    /** A kept {@code sleep}, once it runs; its keeper in {@link #keeper}. */
    private ProcessHandle keptSleeper() {
        keep("exec sleep 300");
        return await().atMost(Duration.ofSeconds(10))
                .until(this::sleeper, Optional::isPresent)
                .orElseThrow();
    }

    private Optional<ProcessHandle> sleeper() {
        return keeper.descendants()
                .filter(child -> child.info().command().orElse("").endsWith("/sleep"))
                .findFirst();
    }

    private void keep(String shellCommand) {
        try {
            keeper =
                    new ProcessBuilder(Keeper.around("kept", List.of("sh", "-c", shellCommand)))
                            .redirectErrorStream(true)
                            .redirectOutput(dir.resolve("keeper.log").toFile())
                            .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
