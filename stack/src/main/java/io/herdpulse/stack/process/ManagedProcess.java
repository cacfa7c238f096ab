package io.herdpulse.stack.process;

import io.herdpulse.stack.StackException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A long-running process of the stack, identified by a pid file.
 *
 * <p>The process outlives the command that started it: it runs in a session of its own ({@code
 * setsid}), so a Ctrl-C in the terminal that ran {@code herdpulse up} does not reach it. The pid
 * file also records the process' start time, so a pid the kernel has since recycled for another
 * program is never taken for ours (and never killed): as ticks since boot where Linux tells them
 * ({@link BootTicks}), which no clock adjustment moves, else as an instant.
 */
public final class ManagedProcess {
    /**
     * How far a start instant read by another JVM may be from the recorded one, where there are no
     * boot ticks to compare (a pid file written before they were recorded). Java derives it from
     * the kernel's boot time in whole seconds ({@code btime}), which the kernel recomputes from the
     * wall clock: after the clock is adjusted by a fraction of a second, a JVM started later can
     * read the same process' start a second off. Taken as another process, the supervisor was left
     * running by {@code down} and components were started twice. A recycled pid starts far later.
     */
    static final Duration START_TOLERANCE = Duration.ofSeconds(2);

    static final Duration KILL_WAIT = Duration.ofSeconds(30);

    private final String name;
    private final Path pidFile;
    private final Path logFile;

    public ManagedProcess(String name, Path pidFile, Path logFile) {
        this.name = name;
        this.pidFile = pidFile;
        this.logFile = logFile;
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    /** Starts the command detached, appending its output to the log, and records its pid. */
    public ProcessHandle start(
            List<String> command, Map<String, String> environment, Path workDir) {
        List<String> detached = new ArrayList<>(command.size() + 1);
        detached.add("setsid");
        detached.addAll(command);
        ProcessBuilder builder =
                new ProcessBuilder(detached)
                        .directory(workDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        Process process;
        try {
            Files.createDirectories(pidFile.getParent());
            Files.createDirectories(logFile.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new StackException("cannot start " + name + ": " + e.getMessage(), e);
        }
        ProcessHandle handle = process.toHandle();
        try {
            record(handle);
            return handle;
        } catch (IOException | RuntimeException unrecorded) {
            // Unrecorded, nothing could stop it, and it would be started again beside itself.
            Stream.concat(Stream.of(handle), handle.descendants())
                    .forEach(ProcessHandle::destroyForcibly);
            throw new StackException(
                    "cannot record " + name + "'s pid in " + pidFile + ": " + unrecorded,
                    unrecorded);
        }
    }

    /** Writes the pid file whole or not at all: a full disk must not leave half of one. */
    private void record(ProcessHandle handle) throws IOException {
        Instant started = handle.info().startInstant().orElse(Instant.EPOCH);
        String ticks = BootTicks.of(handle.pid()).map(start -> " " + start).orElse("");
        WholeFile.replace(pidFile, handle.pid() + " " + started + ticks + "\n");
    }

    /** The live process this pid file names, if it is still the process we started. */
    public Optional<ProcessHandle> running() {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            String[] fields = Files.readString(pidFile, StandardCharsets.UTF_8).trim().split(" ");
            long pid = Long.parseLong(fields[0]);
            Instant recorded = fields.length > 1 ? Instant.parse(fields[1]) : Instant.EPOCH;
            Optional<Long> recordedTicks =
                    fields.length > 2 ? Optional.of(Long.parseLong(fields[2])) : Optional.empty();
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(handle -> sameStart(handle, recorded, recordedTicks));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }

    private static boolean sameStart(
            ProcessHandle handle, Instant recorded, Optional<Long> recordedTicks) {
        Optional<Long> ticks = recordedTicks.flatMap(start -> BootTicks.of(handle.pid()));
        if (ticks.isPresent()) {
            return ticks.equals(recordedTicks);
        }
        return handle.info()
                .startInstant()
                .map(
                        started ->
                                Duration.between(recorded, started).abs().compareTo(START_TOLERANCE)
                                        <= 0)
                .orElse(false);
    }

    /**
     * Whether the process died on its own: its pid file is still there (only {@link #stop} removes
     * it) but the process is gone. What a user stopped is never taken for dead.
     */
    public boolean died() {
        return Files.isRegularFile(pidFile) && running().isEmpty();
    }

    /**
     * Stops the process: the given signal first (each program has its own graceful one), a kill
     * after the grace period. Removes the pid file. Returns whether a process was running.
     *
     * @throws StackException when it is still there {@link #KILL_WAIT} after the kill
     */
    public boolean stop(Signal signal, Duration grace) {
        Optional<ProcessHandle> running = running();
        // The pid file goes first: a process that exits while it is still there counts as dead,
        // and the supervisor would start it again.
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        running.ifPresent(process -> terminate(process, signal, grace));
        return running.isPresent();
    }

    /**
     * Kills the process, if it runs, and every process it started, and waits until they are gone,
     * keeping the pid file: only the supervisor starts a process that still runs, one that hangs.
     * Its children go with it (PostgreSQL's backends would keep the shared memory that a new server
     * needs).
     *
     * @throws StackException when they are still there after {@link #KILL_WAIT}
     */
    public void kill() {
        running()
                .ifPresent(
                        process -> {
                            List<ProcessHandle> killed =
                                    Stream.concat(Stream.of(process), process.descendants())
                                            .toList();
                            killed.forEach(ProcessHandle::destroyForcibly);
                            awaitGone(process, killed);
                        });
    }

    /**
     * A kill after the grace period, waited for no longer than {@link #KILL_WAIT}: {@code down} on
     * a process in uninterruptible I/O hung for ever.
     */
    private void terminate(ProcessHandle process, Signal signal, Duration grace) {
        if (signal == Signal.TERM) {
            process.destroy();
        } else {
            Signal.send(signal, process.pid());
        }
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while stopping " + name, e);
        } catch (ExecutionException | TimeoutException notYet) {
            process.destroyForcibly();
            awaitGone(process, List.of(process));
        }
    }

    /**
     * @throws StackException when they are still there after {@link #KILL_WAIT}: a process in
     *     uninterruptible I/O outlives SIGKILL, and waiting for it would hold the stack's lock for
     *     ever
     */
    private void awaitGone(ProcessHandle process, List<ProcessHandle> killed) {
        try {
            CompletableFuture.allOf(
                            killed.stream()
                                    .map(ProcessHandle::onExit)
                                    .toArray(CompletableFuture[]::new))
                    .get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while killing " + name, e);
        } catch (ExecutionException | TimeoutException stillThere) {
            throw new StackException(
                    name
                            + " (pid "
                            + process.pid()
                            + ") is still there "
                            + KILL_WAIT.toSeconds()
                            + " s after kill -9",
                    stillThere);
        }
    }
}
