package io.herdpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.stack.process.Http;
import io.herdpulse.stack.supervise.Hung;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: the JobManager hung (stopped with kill -STOP; a full heap or a deadlock does the same)
 * while the job reads. The stack's supervisor kills it once it has not answered for {@link
 * Hung#LIMIT} and starts a new one; a standalone JobManager forgets its jobs, so the supervisor
 * resubmits the job from its newest retained checkpoint. A JobManager killed with kill -9 takes the
 * same way from the kill on. The readings sent before the kill, those sent while no JobManager ran,
 * and a duplicate of one sent before it must each be counted exactly once: the rows are compared
 * with what {@link ReplayedHerd} computes from the CSV.
 */
class JobManagerLossIT extends ReplayedHerdOnAFreshStack {
    /**
     * The herd's readings before this index go before the kill: mid-window, so a window spans it.
     */
    private static final int READINGS_BEFORE_THE_KILL = 7;

    @Test
    void aHungJobManagerIsReplacedAndTheJobCountsEveryReadingOnce() throws Exception {
        ReplayedHerd.Interrupted interrupted = herd.interruptedAfter(READINGS_BEFORE_THE_KILL);

        herd.replayUntilCheckpointed(interrupted.before());

        long jobManager = herdpulse.pidOf("flink-jobmanager").orElseThrow();
        assertThat(new ProcessBuilder("kill", "-STOP", Long.toString(jobManager)).start().waitFor())
                .isZero();
        herd.replay(interrupted.after());

        herd.assertEveryReadingCountedOnce(interrupted);
        assertThat(ProcessHandle.of(jobManager)).isEmpty();
        assertThat(herdpulse.pidOf("flink-jobmanager")).isPresent().get().isNotEqualTo(jobManager);
        assertThat(Http.get("http://127.0.0.1:9410/metrics"))
                .hasValueSatisfying(
                        metrics ->
                                assertThat(metrics)
                                        .contains(
                                                "herdpulse_stack_restarts_total{component=\"flink-jobmanager\"} 1.0"));
    }
}
