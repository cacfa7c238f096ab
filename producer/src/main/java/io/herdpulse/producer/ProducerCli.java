package io.herdpulse.producer;

import io.herdpulse.producer.cli.FakeApiCommand;
import io.herdpulse.producer.cli.PollCommand;
import io.herdpulse.producer.cli.ReplayCommand;
import io.herdpulse.producer.cli.ServeCommand;
import io.herdpulse.producer.cli.SimulateCommand;
import io.herdpulse.producer.run.StopSignal;
import java.io.PrintStream;
import java.io.PrintWriter;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code java -jar herdpulse-producer.jar simulate|replay|serve|poll|fake-api …}: writes readings
 * to the cow-health-data topic (fake-api serves a herd for poll to read).
 *
 * <p>Exit codes: 0 done (including a stop by Ctrl-C or SIGTERM after flushing), 1 the run failed
 * (Kafka unreachable, records not acknowledged), 2 bad options.
 */
@Command(
        name = "herdpulse-producer",
        mixinStandardHelpOptions = true,
        versionProvider = ProducerCli.Version.class,
        description =
                "Writes dairy-herd bolus readings to Kafka: a simulated herd, a CSV replay,"
                        + " readings POSTed over HTTP, or a vendor's REST API polled; fake-api serves"
                        + " a simulated herd as such an API.",
        subcommands = {
            SimulateCommand.class,
            ReplayCommand.class,
            ServeCommand.class,
            PollCommand.class,
            FakeApiCommand.class
        })
public final class ProducerCli implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    private final StopSignal stop;
    private final PrintStream out;
    private final PrintStream err;

    @Spec private CommandSpec spec;

    ProducerCli(StopSignal stop, PrintStream out, PrintStream err) {
        this.stop = stop;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        StopSignal stop = new StopSignal();
        stopOnSignals(stop);
        System.exit(execute(args, stop, System.out, System.err));
    }

    /**
     * Runs one command line; {@code stop} ends a run early as Ctrl-C would (tests use it).
     *
     * @return the exit code
     */
    public static int execute(String[] args, StopSignal stop, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new ProducerCli(stop, out, err));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler(
                (e, arguments) -> {
                    // picocli starts some of its messages with "Error: " already.
                    String message = e.getMessage().replaceFirst("^Error: ", "");
                    err.println("error: " + message + " (see --help)");
                    return EXIT_USAGE;
                });
        cli.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    err.println("error: " + message(e));
                    return EXIT_FAILED;
                });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli hands only Exceptions to the handler above; an Error would end the run with
            // a stack trace that says less than this line. Whatever held the heap is garbage now.
            err.println(
                    "error: out of memory ("
                            + e.getMessage()
                            + ", heap of "
                            + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                            + " MiB): give the JVM more with -Xmx, or the run less to hold");
            return EXIT_FAILED;
        }
    }

    /**
     * A Kafka client that cannot be built says only "Failed to construct kafka producer" and keeps
     * the reason ("No resolvable bootstrap urls …") in its causes: the line names the deepest.
     */
    private static String message(Exception e) {
        if (!(e instanceof KafkaException) || e.getCause() == null) {
            return e.getMessage();
        }
        Throwable root = e.getCause();
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return e.getMessage() + ": " + root.getMessage();
    }

    public StopSignal stop() {
        return stop;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(), "choose a command: simulate, replay, serve, poll or fake-api");
    }

    /**
     * Ctrl-C and SIGTERM request a stop instead of starting JVM shutdown, so the run flushes,
     * prints its summary and exits 0 on its own; a second signal aborts at once. sun.misc.Signal
     * (module jdk.unsupported) is the only way to do this: a shutdown hook runs too late to choose
     * the exit code.
     */
    private static void stopOnSignals(StopSignal stop) {
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(
                    new Signal(name),
                    signal -> {
                        if (stop.isRequested()) {
                            Runtime.getRuntime().halt(128 + signal.getNumber());
                        }
                        System.err.println("stopping: flushing what was sent (again to abort)");
                        stop.request();
                    });
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ProducerCli.class.getPackage().getImplementationVersion();
            return new String[] {"herdpulse-producer " + (version == null ? "dev" : version)};
        }
    }
}
