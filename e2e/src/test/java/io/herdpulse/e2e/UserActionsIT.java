package io.herdpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herdpulse.stack.flink.FlinkRest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: what users do to the stack's job with Flink's own client and the stack's commands, at
 * moments the stack does not choose, must neither lose the job's state nor run it twice.
 */
class UserActionsIT extends ReplayedHerdOnAFreshStack {
    private static final int READINGS_BEFORE_THE_STOP = 7;
    private static final FlinkRest FLINK = new FlinkRest(8081);
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");

    /**
     * {@code flink stop} ends the job with a savepoint that the stack did not ask for. The next
     * {@code up} must resume from it: started from nothing, the job would read on from the
     * savepoint's offsets without its de-duplication ids and open windows, so the window open at
     * the stop would lose its first readings and a copy of a reading before it would be counted.
     * Flink deletes a finished job's checkpoints, so the savepoint is all there is, and a
     * JobManager forgets an ended job at its restart. The supervisor names the savepoint within a
     * second; here it is gone, as it is when a {@code down} comes first, so {@code down} must find
     * the savepoint itself before it stops the JobManager.
     */
    @Test
    void downAndUpResumeAJobAUserStoppedWithFlinkStopFromItsSavepoint() throws Exception {
        ReplayedHerd.Interrupted interrupted = herd.interruptedAfter(READINGS_BEFORE_THE_STOP);
        herd.replayUntilCheckpointed(interrupted.before());

        ProcessHandle supervisor =
                ProcessHandle.of(herdpulse.pidOf("supervisor").orElseThrow()).orElseThrow();
        supervisor.destroyForcibly();
        supervisor.onExit().join();
        String id = FLINK.activeJob("HerdPulse").orElseThrow().id();
        Herdpulse.Run stop = herdpulse.run("flink", "stop", id);
        assertThat(stop.exitCode()).as(stop.stdout() + stop.stderr()).isZero();
        herd.replay(interrupted.after());
        Herdpulse.Run down = herdpulse.run("down");
        assertThat(down.exitCode()).as(down.stdout() + down.stderr()).isZero();
        Herdpulse.Run up = herdpulse.run("up", "--no-simulator");
        assertThat(up.exitCode()).as(up.stdout() + up.stderr()).isZero();

        herd.assertEveryReadingCountedOnce(interrupted);
        Matcher savepoint = SAVEPOINT.matcher(stop.stdout());
        assertThat(savepoint.find()).as(stop.stdout()).isTrue();
        assertThat(herdpulse.home().resolve("data/flink/wanted-job"))
                .as("where the job resumed from")
                .content()
                .contains(savepoint.group(1));
    }

    /**
     * A JobManager that does not answer (paused here; busy collecting garbage or restoring a large
     * job in real life) still runs the job: {@code up} must wait for its word, not submit a second
     * copy that would read the same topic into the same tables.
     */
    @Test
    void upDuringASilentJobManagerSubmitsNoSecondJob() throws Exception {
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> FLINK.activeJob("HerdPulse").isPresent());
        String id = FLINK.activeJob("HerdPulse").orElseThrow().id();
        long jobManager = herdpulse.pidOf("flink-jobmanager").orElseThrow();

        signal("-STOP", jobManager);
        Process up;
        try {
            up =
                    herdpulse.start(
                            Files.createTempFile("up-out", ".txt"),
                            Files.createTempFile("up-err", ".txt"),
                            "up",
                            "--no-simulator");
            // Longer than a request to the REST API waits for its answer.
            TimeUnit.SECONDS.sleep(20);
        } finally {
            signal("-CONT", jobManager);
        }

        assertThat(up.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(up.exitValue()).isZero();
        assertThat(FLINK.jobs().orElseThrow())
                .filteredOn(FlinkRest.Job::active)
                .extracting(FlinkRest.Job::id)
                .containsExactly(id);
    }

    private static void signal(String signal, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", signal, Long.toString(pid)).start().waitFor())
                .isZero();
    }
}
