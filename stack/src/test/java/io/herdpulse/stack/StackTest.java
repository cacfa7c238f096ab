package io.herdpulse.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.stack.flink.TaskManagerMemory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackTest {

    /**
     * The supervisor, status and drills build their stack without a size: a TaskManager one of them
     * starts again after it died must have the size up gave the others, or the job lands on a
     * smaller one when it moves (found by review, 2026-12-06: it came back at the default herd's).
     */
    @Test
    void aStackBuiltWithoutASizeGivesItsTaskManagersTheSizeTheLastUpRecorded(@TempDir Path dir) {
        StackHome home = new StackHome(dir.resolve("home"));
        Distribution distribution = new Distribution(dir.resolve("distribution"));
        PrintStream out = new PrintStream(new ByteArrayOutputStream());

        assertThat(new Stack(distribution, home, StackPorts.defaults(), out).flink().settings())
                .extracting(settings -> settings.taskManagerMemory())
                .isEqualTo(TaskManagerMemory.forHerd(TaskManagerMemory.DEFAULT_HERD));

        TaskManagerMemory.forHerd(500_000).recordIn(home);
        assertThat(new Stack(distribution, home, StackPorts.defaults(), out).flink().settings())
                .extracting(settings -> settings.taskManagerMemory())
                .isEqualTo(TaskManagerMemory.forHerd(500_000));
    }
}
