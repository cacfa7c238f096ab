package io.herdpulse.stack.flink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@code flink stop} printed is where the next {@code up} resumes, so it is read whole. */
class SavepointPathTest {

    @Test
    void aSavepointPathWithASpacePrintedByFlinkStopIsCapturedWhole() {
        String path = "file:/home/ana/My Projects/hérd/data/flink/savepoints/savepoint-7e5aaf-1";
        String output =
                "Suspending job \"7e5aafdb862d0a315eb505902cfbd6a2\" with a CANONICAL savepoint.\n"
                        + "Savepoint completed. Path: "
                        + path
                        + "\n";

        assertThat(JobDeployment.savepointPrintedIn(output)).contains(path);
    }

    @Test
    void anOutputWithoutACompletedSavepointNamesNone() {
        assertThat(JobDeployment.savepointPrintedIn("Suspending job failed\n")).isEmpty();
    }
}
