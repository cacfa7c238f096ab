package io.herdpulse.stack.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.herdpulse.stack.flink.JobDeployment.Fate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the supervisor makes of the JobManager's list of jobs: it resubmits the wanted job only when
 * the list shows it lost, never when the JobManager did not answer.
 */
class JobFateTest {
    private static final String WANTED = "7e5aafdb862d0a315eb505902cfbd6a2";

    @Test
    void aJobManagerThatDoesNotAnswerHasLostNoJob() {
        assertThat(Fate.of(WANTED, Optional.empty())).isEqualTo(Fate.UNKNOWN);
    }

    @Test
    void aWantedJobMissingFromTheListOrFailedForGoodIsLost() throws Exception {
        assertThat(Fate.of(WANTED, Optional.of(List.of()))).isEqualTo(Fate.LOST);
        assertThat(Fate.of(WANTED, jobs("b487d1b4d6c128ccfce3c70deb2f16ea", "RUNNING")))
                .isEqualTo(Fate.LOST);
        assertThat(Fate.of(WANTED, jobs(WANTED, "FAILED"))).isEqualTo(Fate.LOST);
    }

    @Test
    void aWantedJobSomebodyCancelledIsToldFromOneThatFinished() throws Exception {
        assertThat(Fate.of(WANTED, jobs(WANTED, "CANCELED"))).isEqualTo(Fate.CANCELLED);
        assertThat(Fate.of(WANTED, jobs(WANTED, "FINISHED"))).isEqualTo(Fate.FINISHED);
    }

    @Test
    void aWantedJobRestartingOrRunningIsAlive() throws Exception {
        assertThat(Fate.of(WANTED, jobs(WANTED, "RESTARTING"))).isEqualTo(Fate.ALIVE);
        assertThat(Fate.of(WANTED, jobs(WANTED, "RUNNING"))).isEqualTo(Fate.ALIVE);
    }

    /** The list as {@code GET /jobs/overview} answers it, with one job. */
    private static Optional<List<FlinkRest.Job>> jobs(String id, String state) throws Exception {
        return Optional.of(
                FlinkRest.jobs(
                        new ObjectMapper()
                                .readTree(
                                        """
                                        {"jobs": [{"jid": "%s", "name": "HerdPulse",
                                          "state": "%s", "start-time": 1796332892081}]}
                                        """
                                                .formatted(id, state))));
    }
}
