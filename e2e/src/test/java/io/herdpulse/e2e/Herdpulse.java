package io.herdpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs {@code bin/herdpulse} of this checkout as a user would, against a HERDPULSE_HOME of the
 * test's own.
 */
final class Herdpulse {
    /** What one command printed and how it exited. */
    record Run(int exitCode, String stdout, String stderr) {}

    /** Longer than any wait of the stack's own for what a command runs. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(10);

    private final Path checkout;
    private final Path home;

    Herdpulse(Path home) {
        this.checkout = locateCheckout();
        this.home = home;
    }

    /**
     * A fresh home every user can traverse: when the tests run as root, PostgreSQL runs as the
     * postgres user, which cannot enter a private temporary directory.
     */
    static Path newHome() {
        try {
            Path home = Files.createTempDirectory("herdpulse-e2e-");
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stack of its own, up: the start of most end-to-end tests. */
    static Herdpulse up(String... options) {
        Herdpulse herdpulse = new Herdpulse(newHome());
        List<String> arguments = new ArrayList<>(List.of("up"));
        arguments.addAll(List.of(options));
        Run up = herdpulse.run(arguments.toArray(String[]::new));
        assertThat(up.exitCode()).as(up.stdout() + up.stderr()).isZero();
        return herdpulse;
    }

    /** Stops the stack and removes its data; kills by pid whatever a failed test left running. */
    void downAndPurge() {
        run("down", "--purge");
        killLeftovers();
    }

    Path home() {
        return home;
    }

    Path checkout() {
        return checkout;
    }

    Run run(String... arguments) {
        return run(COMMAND_TIMEOUT, arguments);
    }

    /**
     * Runs a command that may take up to {@code timeout}; past it, the command and everything it
     * started are killed and the test fails with what it printed so far.
     */
    Run run(Duration timeout, String... arguments) {
        try {
            Path stdout = Files.createTempFile("herdpulse-out", ".txt");
            Path stderr = Files.createTempFile("herdpulse-err", ".txt");
            Process process = start(stdout, stderr, arguments);
            boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            Run run =
                    new Run(
                            ended ? process.exitValue() : -1,
                            Files.readString(stdout, StandardCharsets.UTF_8),
                            Files.readString(stderr, StandardCharsets.UTF_8));
            Files.delete(stdout);
            Files.delete(stderr);
            if (!ended) {
                throw new AssertionError(
                        "bin/herdpulse "
                                + String.join(" ", arguments)
                                + " did not end within "
                                + timeout
                                + "; it printed:\n"
                                + run.stdout()
                                + run.stderr());
            }
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Starts a command without waiting for it, its output into the given files: a producer run that
     * the test watches while it runs.
     */
    Process start(Path stdout, Path stderr, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(checkout.resolve("bin/herdpulse").toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectOutput(stdout.toFile())
                        .redirectError(stderr.toFile());
        builder.environment().put("HERDPULSE_HOME", home.toString());
        return builder.start();
    }

    /** The processes the stack's pid files name, live or not. */
    List<Long> recordedPids() {
        Path run = home.resolve("run");
        if (!Files.isDirectory(run)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(run)) {
            // run/ also holds the stack's lock file.
            return files.filter(file -> file.getFileName().toString().endsWith(".pid"))
                    .map(Herdpulse::pidIn)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every live process whose command line names this home: what a stack started here would leave
     * behind.
     */
    List<ProcessHandle> processesOfHome() {
        return ProcessHandle.allProcesses()
                .filter(
                        process ->
                                process.info()
                                        .commandLine()
                                        .filter(line -> line.contains(home.toString()))
                                        .isPresent())
                .toList();
    }

    /** A new file of these lines in the home, for the producer to replay. */
    Path newFile(String prefix, List<String> lines) {
        try {
            Path file = Files.createTempFile(home, prefix, ".csv");
            Files.write(file, lines, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String secret(String name) {
        try {
            return Files.readString(home.resolve("secrets").resolve(name + ".password")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Last resort after a failed test: whatever still runs of this home's stack is killed by pid.
     */
    void killLeftovers() {
        // The supervisor first, or it would start again what is killed after it.
        pidOf("supervisor").flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        recordedPids()
                .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    /** The process id a component's pid file names, if it has one. */
    Optional<Long> pidOf(String component) {
        Path pidFile = home.resolve("run").resolve(component + ".pid");
        return Files.isRegularFile(pidFile) ? Optional.of(pidIn(pidFile)) : Optional.empty();
    }

    private static long pidIn(Path pidFile) {
        try {
            return Long.parseLong(Files.readString(pidFile).trim().split(" ")[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path locateCheckout() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("bin/herdpulse"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no bin/herdpulse above " + Path.of("").toAbsolutePath());
    }
}
