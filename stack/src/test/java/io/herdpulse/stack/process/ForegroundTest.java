package io.herdpulse.stack.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForegroundTest {

    /** A CLI running a command in the foreground, as {@code bin/herdpulse produce} runs one. */
    public static final class Cli {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            // The command cleans up on SIGTERM, slower than a JVM exits by itself.
            String script =
                    "trap 'kill $!; sleep 1; echo cleaned > cleaned; exit 0' TERM;"
                            + " echo $$ > command; sleep 300 & wait";
            System.exit(
                    Foreground.start(
                                    List.of("sh", "-c", "cd '" + dir + "' && " + script),
                                    Duration.ofSeconds(20))
                            .waitFor());
        }
    }

    @ParameterizedTest(name = "the CLI {0}ed")
    @ValueSource(strings = {"terminat", "kill"})
    void theCommandIsStoppedWithTheCliAndGivenTimeToCleanUp(String how, @TempDir Path dir)
            throws Exception {
        Process cli =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                Cli.class.getName(),
                                dir.toString())
                        // A file, as a terminal outlives the CLI: a pipe to this JVM closes
                        // with the CLI, and the command's next word to it would kill it.
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("output").toFile())
                        .start();
        Path commandPid = dir.resolve("command");
        List<ProcessHandle> started = new ArrayList<>(List.of(cli.toHandle()));
        try {
            await().atMost(Duration.ofSeconds(20))
                    .until(
                            () ->
                                    Files.exists(commandPid)
                                            && !Files.readString(commandPid).isBlank());
            ProcessHandle command =
                    ProcessHandle.of(Long.parseLong(Files.readString(commandPid).trim()))
                            .orElseThrow();
            started.add(command);
            started.addAll(command.descendants().toList());

            if (how.equals("kill")) {
                cli.destroyForcibly();
            } else {
                cli.destroy();
                // The CLI waits while its command cleans up.
                assertThat(cli.waitFor()).isNotZero();
                assertThat(dir.resolve("cleaned")).exists();
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> !command.isAlive());
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(dir.resolve("cleaned")));
        } finally {
            started.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
