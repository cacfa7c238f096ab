package io.herdpulse.stack.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The {@code postmaster.pid} a server leaves in its data directory when it does not shut down
 * cleanly (killed, a power cut, a reboot).
 *
 * <p>PostgreSQL clears such a file itself when no process has its pid, but refuses to start while
 * any process of its user does ("Is another postmaster running in data directory?"). After a reboot
 * pids are handed out again from the start, so another process of the server's user (the system
 * cluster, a cron job) can hold the old postmaster's pid, and the stack's PostgreSQL then never
 * came back until someone deleted the file by hand (found by review, 2026-12-06). A postmaster's
 * command line names its data directory; a process whose does not is not this cluster's postmaster,
 * and its file is removed before the start.
 */
final class PostmasterLock {
    static final String FILE = "postmaster.pid";

    private PostmasterLock() {}

    /**
     * Removes the data directory's lock file when the process it names is alive but not a
     * postmaster of this directory. Anything it cannot tell (no file, a garbled one, a command line
     * it may not read) is left to PostgreSQL's own check.
     */
    static void clearIfStale(Path dataDir) throws IOException {
        Path lock = dataDir.resolve(FILE);
        Optional<Long> pid = pidIn(lock);
        if (pid.isEmpty()) {
            return;
        }
        Optional<List<String>> commandLine = commandLine(pid.get());
        if (commandLine.isPresent() && !commandLine.get().contains(dataDir.toString())) {
            Files.deleteIfExists(lock);
        }
    }

    private static Optional<Long> pidIn(Path lock) {
        try {
            String firstLine = Files.readAllLines(lock, StandardCharsets.UTF_8).get(0).trim();
            return Optional.of(Long.parseLong(firstLine));
        } catch (IOException | RuntimeException noneOrGarbled) {
            return Optional.empty();
        }
    }

    /** Empty when no process has the pid, or its command line cannot be read. */
    private static Optional<List<String>> commandLine(long pid) {
        try {
            byte[] arguments = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return Optional.of(
                    Arrays.asList(new String(arguments, StandardCharsets.UTF_8).split("\0")));
        } catch (IOException | RuntimeException goneOrHidden) {
            return Optional.empty();
        }
    }
}
