package io.herdpulse.stack.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herdpulse.stack.StackException;
import io.herdpulse.stack.StackHome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskManagerMemoryTest {
    private static final long GIB = 1024L * 1024 * 1024;

    @Test
    void sizesTheTaskManagerForTheHerdOnTopOfTheBase() {
        // 2048 MiB, plus 8 KiB per animal rounded up to whole MiB.
        assertThat(TaskManagerMemory.forHerd(10_000).processSize()).isEqualTo("2127m");
        assertThat(TaskManagerMemory.forHerd(1_000_000).processSize()).isEqualTo("9861m");
        assertThat(TaskManagerMemory.forHerd(1).processSize()).isEqualTo("2049m");
    }

    @Test
    void aMillionAnimalsFitOneTaskManagerOnThisMachineButNotTwo() {
        assertThat(TaskManagerMemory.forHerd(1_000_000).checkFits(24 * GIB, 1).processMegabytes())
                .isEqualTo(9861);
        assertThat(TaskManagerMemory.forHerd(500_000).checkFits(24 * GIB, 2).processMegabytes())
                .isEqualTo(5955);
        assertThatThrownBy(() -> TaskManagerMemory.forHerd(1_000_000).checkFits(24 * GIB, 2))
                .isInstanceOf(StackException.class)
                .hasMessage(
                        "a herd of 1000000 animals needs 2 TaskManagers of 9861 MiB, more than"
                                + " half of this machine's 24576 MiB: give --taskmanager-memory"
                                + " to size them yourself");
    }

    @Test
    void takesAnExplicitSizeAsFlinkWritesIt() {
        assertThat(TaskManagerMemory.of("4g").processSize()).isEqualTo("4096m");
        assertThat(TaskManagerMemory.of("1536M").processSize()).isEqualTo("1536m");
        assertThat(TaskManagerMemory.of("4g").describe())
                .isEqualTo("TaskManager: 4096m (--taskmanager-memory)");
        assertThat(TaskManagerMemory.forHerd(2000).describe())
                .isEqualTo("TaskManager: 2064m, sized for 2000 animals (--herd-size)");
    }

    @Test
    void refusesWhatIsNotASizeOrTooSmall() {
        assertThatThrownBy(() -> TaskManagerMemory.of("4"))
                .hasMessage("'4' is not a size such as 4g or 1536m");
        assertThatThrownBy(() -> TaskManagerMemory.of("lots"))
                .hasMessage("'lots' is not a size such as 4g or 1536m");
        assertThatThrownBy(() -> TaskManagerMemory.of("512m"))
                .hasMessage("--taskmanager-memory must be at least 1024m");
        assertThatThrownBy(() -> TaskManagerMemory.forHerd(0))
                .hasMessage("--herd-size must be at least 1");
    }

    @Test
    void theSizeUpChoseIsReadBackAsItWasRecorded(@TempDir Path dir) {
        StackHome home = new StackHome(dir);
        assertThat(TaskManagerMemory.recordedIn(home)).isEmpty();

        TaskManagerMemory.forHerd(500_000).recordIn(home);
        assertThat(TaskManagerMemory.recordedIn(home))
                .contains(new TaskManagerMemory(5955, 500_000));

        TaskManagerMemory.of("1g").recordIn(home);
        assertThat(TaskManagerMemory.recordedIn(home)).contains(new TaskManagerMemory(1024, 0));
    }

    /** Taken as none: down, status and the supervisor must still work with it. */
    @Test
    void aDamagedRecordIsTakenAsNone(@TempDir Path dir) throws Exception {
        StackHome home = new StackHome(dir);
        Files.writeString(home.conf("flink").resolve("taskmanager-memory"), "");

        assertThat(TaskManagerMemory.recordedIn(home)).isEmpty();
    }
}
