package io.herdpulse.stack.drill;

import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.StackException;
import io.herdpulse.stack.StackHome;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The job jar of the commit before HEAD, for the {@code upgrade} drill: built once in a temporary
 * git worktree and cached under {@code $HERDPULSE_HOME/data/drill/jobs/}.
 */
final class PreviousJar {
    private PreviousJar() {}

    static Path resolve(Distribution distribution, StackHome home, PrintStream out) {
        Path checkout = distribution.root();
        String commit = output(checkout, List.of("git", "rev-parse", "HEAD~1")).strip();
        Path jars = home.data("drill").resolve("jobs");
        Path cached = jars.resolve("herdpulse-job-" + commit + ".jar");
        if (Files.isRegularFile(cached)) {
            return cached;
        }
        Path worktree = home.data("drill").resolve("build-" + commit);
        out.println("Building the job jar of " + commit + " (HEAD~1) once, for the upgrade drill…");
        output(
                checkout,
                List.of("git", "worktree", "add", "--detach", worktree.toString(), commit));
        try {
            output(
                    worktree,
                    List.of("mvn", "-B", "-q", "-DskipTests", "-pl", "job", "-am", "package"));
            Files.createDirectories(jars);
            Files.copy(
                    worktree.resolve("job/target/herdpulse-job.jar"),
                    cached,
                    StandardCopyOption.REPLACE_EXISTING);
            return cached;
        } catch (IOException e) {
            throw new StackException("cannot keep the jar of " + commit + ": " + e, e);
        } finally {
            output(checkout, List.of("git", "worktree", "remove", "--force", worktree.toString()));
        }
    }

    private static String output(Path directory, List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command)
                            .directory(directory.toFile())
                            .redirectErrorStream(true)
                            .start();
            String output =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new StackException(
                        String.join(" ", command) + " failed in " + directory + ":\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new StackException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while running " + command.get(0), e);
        }
    }
}
