package io.herdpulse.stack.flink;

import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.StackException;
import io.herdpulse.stack.StackHome;
import io.herdpulse.stack.process.Command;
import io.herdpulse.stack.process.DiesWithParent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real Flink command-line client ({@code flink run|list|cancel|stop|savepoint}) against this
 * cluster.
 */
public final class FlinkCli {
    /**
     * How long a command may run: the client gives up on its own requests after {@code
     * client.timeout} (1 min), so a client still running after this waits on a JobManager that does
     * not answer, and the supervisor waiting for it would not restart that JobManager.
     */
    static final Duration LIMIT = Duration.ofMinutes(5);

    private final Distribution distribution;
    private final StackHome home;
    private final FlinkCluster cluster;

    public FlinkCli(Distribution distribution, StackHome home, FlinkCluster cluster) {
        this.distribution = distribution;
        this.home = home;
        this.cluster = cluster;
    }

    /** Runs the client with the terminal attached, for a user typing {@code herdpulse flink …}. */
    public int runInteractive(List<String> arguments) {
        try {
            return builder(arguments, Map.of()).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new StackException("cannot run the Flink CLI: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while running the Flink CLI", e);
        }
    }

    /**
     * Runs the client, killed at {@link #LIMIT}, and returns what it printed, which is also
     * appended to logs/flink-cli.log.
     */
    public Command.Ended run(List<String> arguments, Map<String, String> environment) {
        Command.Ended ended = Command.run(builder(arguments, environment), LIMIT);
        try {
            Files.writeString(
                    home.log("flink-cli"),
                    "$ flink "
                            + String.join(" ", arguments)
                            + "\n"
                            + ended.output()
                            + "("
                            + ended.end()
                            + ")\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new StackException(
                    "cannot write " + home.log("flink-cli") + ": " + e.getMessage(), e);
        }
        return ended;
    }

    private ProcessBuilder builder(List<String> arguments, Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        command.add(Distribution.java());
        command.addAll(cluster.commonJvmOptions("flink-cli"));
        command.addAll(
                List.of(
                        "-cp",
                        Distribution.classpathOf(distribution.flinkLib()),
                        "org.apache.flink.client.cli.CliFrontend"));
        command.addAll(arguments);
        // A supervisor killed with its keeper must not leave a flink run behind that submits a
        // second job beside the one its successor submits.
        ProcessBuilder builder = new ProcessBuilder(DiesWithParent.command(command));
        // Without FLINK_CONF_DIR the client exits 31 and logs nothing useful.
        builder.environment().put("FLINK_CONF_DIR", cluster.confDir().toString());
        builder.environment().putAll(environment);
        return builder;
    }
}
