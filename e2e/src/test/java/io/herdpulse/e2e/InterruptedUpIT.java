package io.herdpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An {@code up} cut short must not leave a component half made. Ctrl-C: what it started is stopped
 * again; a broker left running before its topic was created was "already running" to the next
 * {@code up}, which never created it: the job restarted for ever and {@code status} called the
 * broker healthy (found by review, 2026-12-05). {@code kill -9}, which stops nothing: the next
 * {@code up} completes what it finds running (found by review, 2026-12-06).
 */
class InterruptedUpIT {

    @Test
    void anUpInterruptedWhileTheBrokerStartsStopsWhatItStartedAndTheNextUpIsWhole()
            throws Exception {
        Herdpulse herdpulse = new Herdpulse(Herdpulse.newHome());
        try {
            String printed = upSignalledOnceStarting(herdpulse, "kafka", "-INT");

            assertThat(herdpulse.processesOfHome())
                    .as("processes of the stack left running; up printed:\n%s", printed)
                    .isEmpty();
            assertTheNextUpIsWhole(herdpulse);
        } finally {
            herdpulse.downAndPurge();
        }
    }

    /**
     * Killed first before PostgreSQL was migrated, then before the broker's topic was created: each
     * server stays running without what its start had still to make.
     */
    @Test
    void upsKilledWhileServersStartLeaveThemRunningAndTheNextUpCompletesThem() throws Exception {
        Herdpulse herdpulse = new Herdpulse(Herdpulse.newHome());
        try {
            upSignalledOnceStarting(herdpulse, "postgres", "-KILL");
            String printed = upSignalledOnceStarting(herdpulse, "kafka", "-KILL");

            assertThat(herdpulse.recordedPids())
                    .as("up printed:\n%s", printed)
                    .hasSize(2)
                    .allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).isPresent());
            assertTheNextUpIsWhole(herdpulse);
        } finally {
            herdpulse.downAndPurge();
        }
    }

    /**
     * Starts {@code up}, sends it {@code signal} as soon as the component's process runs, and
     * returns what it printed once it exited.
     */
    private static String upSignalledOnceStarting(
            Herdpulse herdpulse, String component, String signal) throws Exception {
        Path stdout = Files.createTempFile("up-out", ".txt");
        Path stderr = Files.createTempFile("up-err", ".txt");
        Process up = herdpulse.start(stdout, stderr, "up", "--no-simulator");
        Path pidFile = herdpulse.home().resolve("run/" + component + ".pid");
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> Files.exists(pidFile) || !up.isAlive());
        assertThat(up.isAlive()).as(printed(stdout, stderr)).isTrue();

        // bin/herdpulse execs the JVM, so this is its pid.
        assertThat(new ProcessBuilder("kill", signal, Long.toString(up.pid())).start().waitFor())
                .isZero();
        assertThat(up.waitFor(3, TimeUnit.MINUTES)).as(printed(stdout, stderr)).isTrue();

        assertThat(up.exitValue()).isNotZero();
        return printed(stdout, stderr);
    }

    private static void assertTheNextUpIsWhole(Herdpulse herdpulse) {
        Herdpulse.Run again = herdpulse.run("up", "--no-simulator");
        assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
        Herdpulse.Run status = herdpulse.run("status");
        assertThat(status.exitCode()).as(status.stdout() + status.stderr()).isZero();
        assertThat(status.stdout())
                .containsPattern("(?m)^postgres +\\S+ +healthy")
                .containsPattern("(?m)^job +\\S+ +healthy");
    }

    private static String printed(Path stdout, Path stderr) throws Exception {
        return Files.readString(stdout, StandardCharsets.UTF_8)
                + Files.readString(stderr, StandardCharsets.UTF_8);
    }
}
