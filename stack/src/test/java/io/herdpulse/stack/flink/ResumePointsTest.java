package io.herdpulse.stack.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herdpulse.stack.StackException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the stack's job resumes from after {@code down}, a cancel, a lost JobManager or a job that
 * failed before its first checkpoint: never from nothing while some state of it exists, and never
 * from an older state than the newest.
 */
class ResumePointsTest {
    private static final String FIRST = "7e5aafdb862d0a315eb505902cfbd6a2";
    private static final String SECOND = "b487d1b4d6c128ccfce3c70deb2f16ea";
    private static final String UNDER_A_SPACE = "My Projects/hérd";

    @TempDir Path flinkData;
    private ResumePoints resumePoints;
    private ResumePoints underASpace;
    private String savepoint;

    @BeforeEach
    void savepointOnDisk() throws IOException {
        resumePoints = new ResumePoints(flinkData);
        Path dir = Files.createDirectories(flinkData.resolve("savepoints/savepoint-7e5aaf-1"));
        savepoint = "file:" + dir;
    }

    @Test
    void aSavepointTakenAtStopIsWhereTheNextJobResumes() {
        resumePoints.submitted(FIRST, Optional.empty());
        resumePoints.stoppedWithSavepoint(savepoint);

        assertThat(resumePoints.forNextSubmission()).contains(savepoint);
        assertThat(resumePoints.wantedJobId()).isEmpty();
    }

    @Test
    void aCancelledJobLeavesItsNewestCompletedCheckpoint() throws IOException {
        resumePoints.submitted(FIRST, Optional.empty());
        completedCheckpoint(FIRST, 3);
        String newest = completedCheckpoint(FIRST, 12);
        Files.createDirectories(flinkData.resolve("checkpoints/" + FIRST + "/chk-13"));

        resumePoints.cancelled(FIRST);

        assertThat(resumePoints.forNextSubmission()).contains(newest);
        assertThat(resumePoints.wantedJobId()).isEmpty();
    }

    @Test
    void aLostJobResumesFromItsNewestCheckpointNotFromTheSavepointItStartedFrom()
            throws IOException {
        resumePoints.stoppedWithSavepoint(savepoint);
        resumePoints.submitted(SECOND, resumePoints.forNextSubmission());
        String newest = completedCheckpoint(SECOND, 5);

        assertThat(resumePoints.forNextSubmission()).contains(newest);
        assertThat(resumePoints.wantedJobId()).contains(SECOND);
    }

    @Test
    void aResumedJobThatCompletedNoCheckpointKeepsTheStateItResumedFrom() {
        resumePoints.stoppedWithSavepoint(savepoint);
        resumePoints.submitted(SECOND, resumePoints.forNextSubmission());

        assertThat(resumePoints.forNextSubmission()).contains(savepoint);
        resumePoints.cancelled(SECOND);
        assertThat(resumePoints.forNextSubmission()).contains(savepoint);
    }

    @Test
    void aStopInterruptedBeforeItForgotTheJobResumesFromItsSavepoint() throws IOException {
        resumePoints.submitted(FIRST, Optional.empty());
        completedCheckpoint(FIRST, 4);
        Files.writeString(flinkData.resolve("last-savepoint"), savepoint + "\n");

        assertThat(resumePoints.forNextSubmission()).contains(savepoint);
    }

    @Test
    void aWantedJobNamedByAnEarlierVersionWithItsIdAloneIsRead() throws IOException {
        Files.writeString(flinkData.resolve("wanted-job"), FIRST + "\n");
        String newest = completedCheckpoint(FIRST, 2);

        assertThat(resumePoints.wantedJobId()).contains(FIRST);
        assertThat(resumePoints.forNextSubmission()).contains(newest);
    }

    @Test
    void aNamedStateThatIsGoneIsAnErrorNotAFreshStart() throws IOException {
        resumePoints.stoppedWithSavepoint(savepoint);
        Files.delete(Path.of(savepoint.substring("file:".length())));

        assertThatThrownBy(resumePoints::forNextSubmission)
                .isInstanceOf(StackException.class)
                .hasMessageContaining(savepoint + ", which is gone");
    }

    @Test
    void aRunningJobTheStackDidNotSubmitIsAdoptedWithTheStateNamedSoFar() throws IOException {
        resumePoints.stoppedWithSavepoint(savepoint);

        resumePoints.adopted(SECOND);

        assertThat(resumePoints.wantedJobId()).contains(SECOND);
        assertThat(resumePoints.forNextSubmission())
                .as("should it complete no checkpoint")
                .contains(savepoint);
        String newest = completedCheckpoint(SECOND, 4);
        assertThat(resumePoints.forNextSubmission()).contains(newest);
    }

    @Test
    void aJobThatRunsIsAdoptedEvenWhenTheStateNamedSoFarIsGone() throws IOException {
        resumePoints.stoppedWithSavepoint(savepoint);
        Files.delete(Path.of(savepoint.substring("file:".length())));

        resumePoints.adopted(SECOND);

        assertThat(resumePoints.wantedJobId()).contains(SECOND);
    }

    @Test
    void aCheckpointUnderADirectoryWithASpaceIsNamedAsFlinkReadsIt() throws IOException {
        Path dir = checkpointUnderASpace();
        Files.writeString(dir.resolve("_metadata"), "metadata");
        underASpace.submitted(FIRST, Optional.empty());

        String named = underASpace.forNextSubmission().orElseThrow();

        assertThat(Path.of(new org.apache.flink.core.fs.Path(named).toUri())).isEqualTo(dir);
    }

    @Test
    void aCheckpointAnEarlierVersionNamedAsAnEscapedUriIsResumedFrom() throws IOException {
        Path dir = checkpointUnderASpace();
        Files.writeString(
                flinkData.resolve(UNDER_A_SPACE + "/last-savepoint"),
                dir.toUri() + "\n",
                StandardCharsets.UTF_8);

        String named = underASpace.forNextSubmission().orElseThrow();

        assertThat(dir.toUri().toString()).contains("My%20Projects");
        assertThat(Path.of(new org.apache.flink.core.fs.Path(named).toUri())).isEqualTo(dir);
    }

    /** A checkpoint of FIRST in the data of a stack whose home has a space in its path. */
    private Path checkpointUnderASpace() throws IOException {
        underASpace = new ResumePoints(flinkData.resolve(UNDER_A_SPACE));
        return Files.createDirectories(
                flinkData.resolve(UNDER_A_SPACE + "/checkpoints/" + FIRST + "/chk-3"));
    }

    private String completedCheckpoint(String job, int number) throws IOException {
        Path dir =
                Files.createDirectories(flinkData.resolve("checkpoints/" + job + "/chk-" + number));
        Files.writeString(dir.resolve("_metadata"), "metadata");
        return "file:" + dir;
    }
}
