package io.herdpulse.stack.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herdpulse.stack.process.BootTicks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prometheus discovery files: one per running process, gone once it stops or dies. */
class ScrapeTargetsTest {
    private static final ProcessHandle THIS_JVM = ProcessHandle.current();

    @TempDir Path directory;

    private ScrapeTargets targets() {
        return new ScrapeTargets(directory);
    }

    @Test
    void aRegisteredProcessIsOneTargetGroupOnLoopbackWithOnlyDiscoveryMetadataAsLabels()
            throws IOException {
        targets().register(ScrapeTargets.PRODUCER_JOB, 9401, THIS_JVM);

        JsonNode groups =
                new ObjectMapper().readTree(directory.resolve("producer-9401.json").toFile());
        assertThat(groups.size()).isEqualTo(1);
        assertThat(groups.get(0).path("targets").toString()).isEqualTo("[\"127.0.0.1:9401\"]");
        // Prometheus drops labels starting with "__" before it stores a series: no new labels.
        assertThat(groups.get(0).path("labels").fieldNames())
                .toIterable()
                .allMatch(name -> name.startsWith("__meta_"));
        assertThat(targets().registered())
                .containsExactly(
                        new ScrapeTargets.Target(
                                "producer",
                                9401,
                                THIS_JVM.pid(),
                                THIS_JVM.info().startInstant().orElseThrow(),
                                BootTicks.of(THIS_JVM.pid()).orElseThrow()));
    }

    @Test
    void deregisteringRemovesOnlyThatTarget() {
        targets().register(ScrapeTargets.TASKMANAGER_JOB, 9250, THIS_JVM);
        targets().register(ScrapeTargets.PRODUCER_JOB, 9401, THIS_JVM);
        targets().register(ScrapeTargets.PRODUCER_JOB, 9402, THIS_JVM);

        targets().deregister(ScrapeTargets.PRODUCER_JOB, 9401);
        targets().deregister(ScrapeTargets.PRODUCER_JOB, 9409); // never registered: no error

        assertThat(targets().registered())
                .extracting(target -> target.job() + ":" + target.port())
                .containsExactly("flink-taskmanager:9250", "producer:9402");
    }

    @Test
    void aProcessRestartedOnTheSamePortReplacesItsTarget() throws Exception {
        Process earlier = exitingProcess();
        targets().register(ScrapeTargets.TASKMANAGER_JOB, 9250, earlier.toHandle());
        targets().register(ScrapeTargets.TASKMANAGER_JOB, 9250, THIS_JVM);

        assertThat(targets().registered())
                .extracting(ScrapeTargets.Target::pid)
                .containsExactly(THIS_JVM.pid());
    }

    @Test
    void pruningRemovesTheTargetsOfProcessesThatEndedAndKeepsTheRunningOnes() throws Exception {
        Process ended = exitingProcess();
        targets().register(ScrapeTargets.PRODUCER_JOB, 9403, ended.toHandle());
        targets().register(ScrapeTargets.PRODUCER_JOB, 9404, THIS_JVM);
        assertThat(ended.waitFor(10, TimeUnit.SECONDS)).isTrue();

        targets().pruneEnded();

        assertThat(targets().registered())
                .extracting(ScrapeTargets.Target::port)
                .containsExactly(9404);
        assertThat(files()).containsExactly("producer-9404.json");
    }

    /**
     * Java derives a process' start instant from the wall clock: after a clock adjustment a JVM
     * reads a live process' start seconds off. Its target stays, compared by ticks since boot.
     */
    @Test
    void aRunningProcessKeepsItsTargetAfterTheClockWasAdjusted() throws Exception {
        targets().register(ScrapeTargets.TASKMANAGER_JOB, 9250, THIS_JVM);
        Path file = directory.resolve("flink-taskmanager-9250.json");
        ObjectMapper json = new ObjectMapper();
        JsonNode groups = json.readTree(file.toFile());
        ObjectNode labels = (ObjectNode) groups.get(0).path("labels");
        Instant started = Instant.parse(labels.path("__meta_herdpulse_started").asText());
        labels.put("__meta_herdpulse_started", started.minusSeconds(5).toString());
        json.writeValue(file.toFile(), groups);

        targets().pruneEnded();

        assertThat(files()).containsExactly("flink-taskmanager-9250.json");
    }

    @Test
    void registeringWithdrawsTheTargetsOfProcessesThatEnded() throws Exception {
        Process crashed = exitingProcess();
        targets().register(ScrapeTargets.TASKMANAGER_JOB, 9250, crashed.toHandle());
        assertThat(crashed.waitFor(10, TimeUnit.SECONDS)).isTrue();

        targets().register(ScrapeTargets.TASKMANAGER_JOB, 9251, THIS_JVM);

        assertThat(files()).containsExactly("flink-taskmanager-9251.json");
    }

    @Test
    void aLivePidWithAnotherStartTimeIsNotTheProcessThatRegistered() throws IOException {
        targets().register(ScrapeTargets.PRODUCER_JOB, 9405, THIS_JVM);
        Path file = directory.resolve("producer-9405.json");
        long ticks = BootTicks.of(THIS_JVM.pid()).orElseThrow();
        Files.writeString(
                file,
                Files.readString(file)
                        .replace(
                                "\"" + ticks + "\"",
                                "\"" + (ticks - 6000) + "\"")); // a minute earlier, at 100 Hz

        targets().pruneEnded();

        assertThat(files()).isEmpty();
    }

    @Test
    void aFileThatNamesNoProcessIsPruned() throws IOException {
        Files.writeString(directory.resolve("producer-9406.json"), "[]");

        targets().pruneEnded();

        assertThat(files()).isEmpty();
    }

    @Test
    void anEmptyOrMissingDirectoryHasNoTargets() {
        assertThat(new ScrapeTargets(directory.resolve("absent")).registered()).isEmpty();
        new ScrapeTargets(directory.resolve("absent")).pruneEnded();
    }

    /** A process that is about to end by itself (the pid is then dead). */
    private static Process exitingProcess() throws IOException {
        return new ProcessBuilder("true").start();
    }

    private List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
