package io.herdpulse.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herdpulse.stack.flink.TaskManagerMemory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
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

    /** Another size while a TaskManager runs would leave the next one started a different size. */
    @Test
    void anUpWithAnotherSizeWhileTaskManagersRunSaysToStopTheStackFirst() {
        TaskManagerMemory running = TaskManagerMemory.forHerd(500_000);

        assertThatThrownBy(
                        () ->
                                Stack.requireSizeOfTheRunning(
                                        TaskManagerMemory.forHerd(10_000),
                                        Optional.of(running),
                                        true))
                .isInstanceOf(StackException.class)
                .hasMessage(
                        "the TaskManagers run with TaskManager: 5955m, sized for 500000 animals"
                                + " (--herd-size): bin/herdpulse down, then up with the new size");
        Stack.requireSizeOfTheRunning(running, Optional.of(running), true);
        Stack.requireSizeOfTheRunning(
                TaskManagerMemory.forHerd(10_000), Optional.of(running), false);
        Stack.requireSizeOfTheRunning(TaskManagerMemory.forHerd(10_000), Optional.empty(), true);
    }

    /**
     * A stop that fails (here the job's savepoint on a full disk) does not end {@code down}: the
     * supervisor is stopped first, so whatever was left running would have nothing watching it
     * (found by review, 2026-12-06).
     */
    @Test
    void aComponentThatCannotBeStoppedLeavesNoneOfTheOthersRunning() {
        List<String> stopped = new ArrayList<>();
        Runnable diskFull =
                () -> {
                    throw new UncheckedIOException(
                            "cannot write the savepoint",
                            new IOException("No space left on device"));
                };
        List<Component> inReverseOrder =
                List.of(
                        running("supervisor", () -> stopped.add("supervisor")),
                        running("job", diskFull),
                        running("kafka", () -> stopped.add("kafka")),
                        running("postgres", () -> stopped.add("postgres")));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        assertThatThrownBy(
                        () ->
                                Stack.stopAll(
                                        inReverseOrder,
                                        new PrintStream(printed, true, StandardCharsets.UTF_8)))
                .isInstanceOf(StackException.class)
                .hasMessageStartingWith("could not stop job (why above)");
        assertThat(stopped).containsExactly("supervisor", "kafka", "postgres");
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("job", "NOT STOPPED: cannot write the savepoint");
    }

    /**
     * After {@code up --source api} a plain {@code up} would start the simulator beside the poller:
     * it says so and how to switch, instead of "port in use by another process" (found by review,
     * 2026-12-06). With nothing of its source to start ({@code --no-simulator}) it starts the rest.
     */
    @Test
    void anUpForAnotherSourceWhileOneRunsSaysToStopTheStackFirst() {
        List<Component> apiRunning =
                List.of(
                        running("kafka", () -> {}),
                        running("fake-api", () -> {}),
                        running("poller", () -> {}),
                        stopped("simulator"));

        assertThatThrownBy(
                        () ->
                                Stack.requireNoOtherSource(
                                        ReadingSource.SIMULATOR, Set.of(), apiRunning))
                .isInstanceOf(StackException.class)
                .hasMessage(
                        "the readings come from fake-api, which an earlier up started: run"
                                + " bin/herdpulse down before up --source simulator");
        Stack.requireNoOtherSource(ReadingSource.NONE, Set.of(), apiRunning);
        Stack.requireNoOtherSource(ReadingSource.API, Set.of(), apiRunning);
        Stack.requireNoOtherSource(ReadingSource.SIMULATOR, Set.of("simulator"), apiRunning);
    }

    private static Component stopped(String name) {
        return new Component(
                name,
                "-",
                List.of(),
                () -> false,
                () -> false,
                () -> "-",
                () -> {},
                () -> {},
                () -> Health.of(false),
                () -> {},
                Optional::empty,
                false);
    }

    private static Component running(String name, Runnable stop) {
        return new Component(
                name,
                "-",
                List.of(),
                () -> true,
                () -> false,
                () -> "-",
                () -> {},
                () -> {},
                () -> Health.of(true),
                stop,
                Optional::empty,
                false);
    }

    /**
     * A purge deletes everything in the home but the lock it holds, so an {@code up} waiting for
     * that lock starts on an empty home with the same lock file, not in a home deleted under it.
     */
    @Test
    void aPurgeKeepsOnlyTheLockItHolds(@TempDir Path dir) throws Exception {
        StackHome home = new StackHome(dir.resolve("home"));
        Files.writeString(home.data("postgres").resolve("PG_VERSION"), "15");
        Files.writeString(home.pidFile("kafka"), "123");
        Files.writeString(home.log("kafka"), "started");
        Path lock = StackLock.file(home);

        try (StackLock held = StackLock.acquire(home)) {
            Stack.purge(home, lock);
        }

        try (Stream<Path> left = Files.walk(home.root())) {
            assertThat(left.filter(Files::isRegularFile)).containsExactly(lock);
        }
        try (StackLock again = StackLock.acquire(home)) {
            assertThat(lock).exists();
        }
    }
}
