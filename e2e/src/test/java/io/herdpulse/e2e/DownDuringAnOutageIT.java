package io.herdpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herdpulse.stack.flink.FlinkRest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: {@code bin/herdpulse down} in the middle of an outage that the supervisor cannot end.
 * PostgreSQL is gone (and, here, the supervisor with it), so the job fails at every checkpoint and
 * cannot take the savepoint {@code down} asks for. {@code down} cancels it, and the next {@code up}
 * must resume it from its newest retained checkpoint, not from nothing: started from nothing, the
 * job would read on from the offsets of that checkpoint with no de-duplication ids and no open
 * windows, so the window open at the outage would lose its first readings and a duplicate of a
 * reading before it would be counted. The rows are compared with what {@link ReplayedHerd} computes
 * from the CSV.
 */
class DownDuringAnOutageIT extends ReplayedHerdOnAFreshStack {
    /** The herd's readings before this index go before the outage: mid-window. */
    private static final int READINGS_BEFORE_THE_OUTAGE = 7;

    @Test
    void aJobThatCannotTakeASavepointAtDownResumesFromItsNewestCheckpointAtUp() throws Exception {
        ReplayedHerd.Interrupted interrupted = herd.interruptedAfter(READINGS_BEFORE_THE_OUTAGE);

        herd.replayUntilCheckpointed(interrupted.before());

        kill("supervisor", "-KILL");
        kill("postgres", "-INT");
        herd.replay(interrupted.after());
        FlinkRest flink = new FlinkRest(8081);
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () ->
                                flink.activeJob("HerdPulse")
                                        .map(job -> flink.health(job).restarts() > 0)
                                        .orElse(false));

        Herdpulse.Run down = herdpulse.run("down");
        assertThat(down.exitCode()).as(down.stdout() + down.stderr()).isZero();
        assertThat(herdpulse.home().resolve("logs/flink-cli.log"))
                .content()
                .doesNotContain("Savepoint completed");
        Herdpulse.Run up = herdpulse.run("up", "--no-simulator");
        assertThat(up.exitCode()).as(up.stdout() + up.stderr()).isZero();

        herd.assertEveryReadingCountedOnce(interrupted);
    }

    /** Sends {@code signal} to a component of the stack and waits until it has exited. */
    private static void kill(String component, String signal) throws Exception {
        long pid = herdpulse.pidOf(component).orElseThrow();
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        assertThat(new ProcessBuilder("kill", signal, Long.toString(pid)).start().waitFor())
                .isZero();
        process.onExit().join();
    }
}
