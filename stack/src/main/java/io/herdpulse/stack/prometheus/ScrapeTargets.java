package io.herdpulse.stack.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herdpulse.stack.StackHome;
import io.herdpulse.stack.process.BootTicks;
import io.herdpulse.stack.process.WholeFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Prometheus file-based service discovery for the processes whose number and ports change while the
 * stack runs: TaskManagers and producers. One file per process, {@code JOB-PORT.json} in the {@code
 * targets/} directory beside the stack's Prometheus configuration, which reads them with {@code
 * file_sd_configs} and notices every change at once. A process is registered when it started and
 * deregistered when it stops, so Prometheus scrapes exactly the processes that run.
 *
 * <p>Each file names its process (pid and start time, as discovery metadata Prometheus drops before
 * storing anything), so {@link #pruneEnded()} removes the file of a process that was killed before
 * it could deregister, and a pid the kernel recycled is never taken for it. The start is compared
 * in ticks since boot where Linux tells them ({@link BootTicks}): the start instant Java derives
 * moves with the wall clock, and after a clock adjustment every live TaskManager and producer was
 * taken for ended and no longer scraped (found by review, 2026-12-06).
 */
public final class ScrapeTargets {
    public static final String TASKMANAGER_JOB = "flink-taskmanager";
    public static final String PRODUCER_JOB = "producer";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PID = "__meta_herdpulse_pid";
    private static final String STARTED = "__meta_herdpulse_started";
    private static final String START_TICKS = "__meta_herdpulse_start_ticks";
    private static final String SUFFIX = ".json";

    /**
     * One running process Prometheus scrapes at 127.0.0.1:port under job.
     *
     * @param startTicks when it started, in ticks since boot; -1 where Linux does not tell, or in a
     *     file of an earlier version
     */
    public record Target(String job, int port, long pid, Instant started, long startTicks) {
        public String address() {
            return "127.0.0.1:" + port;
        }

        /** Whether the process that registered this target still runs. */
        boolean running() {
            Optional<ProcessHandle> alive = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (startTicks >= 0) {
                return alive.flatMap(process -> BootTicks.of(pid))
                        .map(ticks -> ticks == startTicks)
                        .orElse(false);
            }
            return alive.flatMap(process -> process.info().startInstant())
                    .map(started::equals)
                    .orElse(false);
        }
    }

    private final Path directory;

    public ScrapeTargets(Path directory) {
        this.directory = directory;
    }

    /** The discovery directory of the stack in this home. */
    public static ScrapeTargets of(StackHome home) {
        return new ScrapeTargets(PrometheusConfiguration.directory(home).resolve("targets"));
    }

    public Path directory() {
        return directory;
    }

    /**
     * Announces the /metrics of a running process; replaces an earlier target on its port and
     * withdraws those of processes that ended unannounced (a TaskManager restarted after a crash).
     */
    public Target register(String job, int port, ProcessHandle process) {
        pruneEnded();
        Target target =
                new Target(
                        job,
                        port,
                        process.pid(),
                        process.info().startInstant().orElse(Instant.EPOCH),
                        BootTicks.of(process.pid()).orElse(-1L));
        ObjectNode labels = JSON.createObjectNode();
        labels.put(PID, Long.toString(target.pid()));
        labels.put(STARTED, target.started().toString());
        labels.put(START_TICKS, Long.toString(target.startTicks()));
        ObjectNode group = JSON.createObjectNode();
        group.putArray("targets").add(target.address());
        group.set("labels", labels);
        ArrayNode groups = JSON.createArrayNode().add(group);
        try {
            Files.createDirectories(directory);
            // Prometheus watches the directory: it must never read a half-written file.
            WholeFile.replace(file(job, port), JSON.writeValueAsString(groups));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the scrape target " + file(job, port), e);
        }
        return target;
    }

    /** Withdraws the target on this port, if there is one. */
    public void deregister(String job, int port) {
        delete(file(job, port));
    }

    /** Every registered target, in file-name order. */
    public List<Target> registered() {
        List<Target> targets = new ArrayList<>();
        for (Path file : files()) {
            read(file).ifPresent(targets::add);
        }
        return targets;
    }

    /** Withdraws the targets of processes that ended without deregistering (killed, crashed). */
    public void pruneEnded() {
        for (Path file : files()) {
            if (read(file).filter(Target::running).isEmpty()) {
                delete(file);
            }
        }
    }

    private Optional<Target> read(Path file) {
        String name = file.getFileName().toString();
        int dash = name.lastIndexOf('-');
        try {
            JsonNode labels = JSON.readTree(file.toFile()).path(0).path("labels");
            return Optional.of(
                    new Target(
                            name.substring(0, dash),
                            Integer.parseInt(
                                    name.substring(dash + 1, name.length() - SUFFIX.length())),
                            Long.parseLong(labels.path(PID).asText()),
                            Instant.parse(labels.path(STARTED).asText()),
                            labels.path(START_TICKS).asLong(-1)));
        } catch (IOException | RuntimeException goneOrNotOurs) {
            // Deregistered meanwhile, or not a file this class wrote: no process vouches for it.
            return Optional.empty();
        }
    }

    private List<Path> files() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(
                            file -> file.getFileName().toString().matches("[a-z-]+-\\d+\\.json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path file(String job, int port) {
        return directory.resolve(fileName(job, port));
    }

    private static String fileName(String job, int port) {
        return job + "-" + port + SUFFIX;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the scrape target " + file, e);
        }
    }
}
