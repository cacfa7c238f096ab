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
 * Ctrl-C during {@code up}: what it started must not stay behind half made. A broker stopped before
 * its topic was created, left running, was "already running" to the next {@code up}, which then
 * never created the topic: the job restarted for ever and {@code status} called the broker healthy
 * (found by review, 2026-12-05).
 */
class InterruptedUpIT {

    @Test
    void anUpInterruptedWhileTheBrokerStartsStopsWhatItStartedAndTheNextUpIsWhole()
            throws Exception {
        Herdpulse herdpulse = new Herdpulse(Herdpulse.newHome());
        try {
            Path stdout = Files.createTempFile("up-out", ".txt");
            Path stderr = Files.createTempFile("up-err", ".txt");
            Process up = herdpulse.start(stdout, stderr, "up", "--no-simulator");
            Path brokerPid = herdpulse.home().resolve("run/kafka.pid");
            await().atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> Files.exists(brokerPid) || !up.isAlive());
            assertThat(up.isAlive()).as(printed(stdout, stderr)).isTrue();

            // What Ctrl-C sends; bin/herdpulse execs the JVM, so this is its pid.
            assertThat(
                            new ProcessBuilder("kill", "-INT", Long.toString(up.pid()))
                                    .start()
                                    .waitFor())
                    .isZero();
            assertThat(up.waitFor(3, TimeUnit.MINUTES)).as(printed(stdout, stderr)).isTrue();

            assertThat(up.exitValue()).isNotZero();
            assertThat(herdpulse.processesOfHome())
                    .as(
                            "processes of the stack left running; up printed:\n%s",
                            printed(stdout, stderr))
                    .isEmpty();
            Herdpulse.Run again = herdpulse.run("up", "--no-simulator");
            assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
            Herdpulse.Run status = herdpulse.run("status");
            assertThat(status.exitCode()).as(status.stdout() + status.stderr()).isZero();
            assertThat(status.stdout()).containsPattern("(?m)^job +\\S+ +healthy");
        } finally {
            herdpulse.downAndPurge();
        }
    }

    private static String printed(Path stdout, Path stderr) throws Exception {
        return Files.readString(stdout, StandardCharsets.UTF_8)
                + Files.readString(stderr, StandardCharsets.UTF_8);
    }
}
