package io.herdpulse.stack;

import io.herdpulse.schema.Role;
import io.herdpulse.stack.drill.DrillCommand;
import io.herdpulse.stack.flink.TaskManagerMemory;
import io.herdpulse.stack.postgres.PostgresServer;
import io.herdpulse.stack.process.Foreground;
import io.herdpulse.stack.process.Keeper;
import io.herdpulse.stack.producer.ProducerRun;
import io.herdpulse.stack.supervise.Supervisor;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code bin/herdpulse}: the local stack's command line, as DESIGN.md's command-line table defines
 * it.
 */
@Command(
        name = "herdpulse",
        mixinStandardHelpOptions = true,
        description = "Runs the real HerdPulse stack on this machine without Docker.",
        subcommands = {
            HerdpulseCli.Up.class,
            HerdpulseCli.Down.class,
            HerdpulseCli.Status.class,
            HerdpulseCli.Psql.class,
            HerdpulseCli.Flink.class,
            HerdpulseCli.Produce.class,
            HerdpulseCli.Supervise.class,
            DrillCommand.class,
            HerdpulseCli.Bench.class
        })
public final class HerdpulseCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cli = new CommandLine(new HerdpulseCli());
        cli.setParameterExceptionHandler(
                (bad, arguments) -> {
                    bad.getCommandLine()
                            .getErr()
                            .println(
                                    "herdpulse: "
                                            + bad.getMessage()
                                            + " (see: "
                                            + bad.getCommandLine().getCommandSpec().qualifiedName()
                                            + " --help)");
                    return 2;
                });
        cli.setExecutionExceptionHandler(
                (failure, commandLine, parsed) -> {
                    if (failure instanceof StackException) {
                        commandLine.getErr().println("herdpulse: " + failure.getMessage());
                        return 1;
                    }
                    throw failure;
                });
        return cli.execute(args);
    }

    public static Stack stack() {
        Distribution distribution = Distribution.locate();
        return new Stack(
                distribution, StackHome.of(distribution), StackPorts.defaults(), System.out);
    }

    static Stack stack(TaskManagerMemory taskManagerMemory) {
        Distribution distribution = Distribution.locate();
        return new Stack(
                distribution,
                StackHome.of(distribution),
                StackPorts.defaults(),
                System.out,
                taskManagerMemory);
    }

    @Command(
            name = "up",
            mixinStandardHelpOptions = true,
            description =
                    "Starts PostgreSQL, Kafka, a Flink JobManager and TaskManager, the job (flink run),"
                            + " the postgres exporter and Prometheus where installed, and the readings'"
                            + " source. Starts only what is not running yet.")
    static final class Up implements Callable<Integer> {
        @Option(
                names = "--source",
                defaultValue = "simulator",
                paramLabel = "SOURCE",
                converter = SourceConverter.class,
                description =
                        "Where readings come from: simulator (the herd simulator writes to Kafka),"
                                + " api (the same herd behind a fake vendor API on 8401, pulled by"
                                + " the poller) or none (default: ${DEFAULT-VALUE}).")
        ReadingSource source;

        @Option(
                names = "--no-simulator",
                description = "Start no source of readings (for replays and tests): --source none.")
        boolean noSimulator;

        @Option(
                names = "--herd-size",
                paramLabel = "ANIMALS",
                defaultValue = "" + TaskManagerMemory.DEFAULT_HERD,
                description =
                        "Animals the TaskManager is sized for: 2 GB plus 8 KB of heap per animal,"
                                + " at most half the machine's memory (default: the size the last"
                                + " up chose, kept until down --purge; at first ${DEFAULT-VALUE}).")
        int herdSize;

        @Option(
                names = "--taskmanager-memory",
                paramLabel = "SIZE",
                converter = MemoryConverter.class,
                description =
                        "The TaskManager's process size (4g, 1536m) instead of one from"
                                + " --herd-size.")
        TaskManagerMemory taskManagerMemory;

        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            if (noSimulator && source != ReadingSource.SIMULATOR) {
                throw new ParameterException(
                        spec.commandLine(), "--no-simulator and --source contradict each other");
            }
            TaskManagerMemory memory = taskManagerMemory;
            if (memory == null) {
                boolean given = spec.commandLine().getParseResult().hasMatchedOption("--herd-size");
                try {
                    memory =
                            sizeFor(
                                    given ? OptionalInt.of(herdSize) : OptionalInt.empty(),
                                    () -> StackHome.of(Distribution.locate()));
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), e.getMessage());
                }
            }
            stack(memory).up(noSimulator ? ReadingSource.NONE : source);
            return 0;
        }

        /**
         * The TaskManagers' size for a herd given on the command line; without one, the size the
         * last {@code up} chose (the running TaskManagers have it), or the default herd's.
         */
        static TaskManagerMemory sizeFor(OptionalInt herdSize, Supplier<StackHome> home) {
            Optional<TaskManagerMemory> recorded =
                    herdSize.isPresent()
                            ? Optional.empty()
                            : TaskManagerMemory.recordedIn(home.get());
            return recorded.orElseGet(
                    () ->
                            TaskManagerMemory.forHerd(
                                            herdSize.orElse(TaskManagerMemory.DEFAULT_HERD))
                                    .checkFits(
                                            TaskManagerMemory.machineBytes(), Stack.TASKMANAGERS));
        }
    }

    static final class MemoryConverter implements CommandLine.ITypeConverter<TaskManagerMemory> {
        @Override
        public TaskManagerMemory convert(String value) {
            try {
                return TaskManagerMemory.of(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class SourceConverter implements CommandLine.ITypeConverter<ReadingSource> {
        @Override
        public ReadingSource convert(String value) {
            try {
                return ReadingSource.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a source: simulator, api or none");
            }
        }
    }

    @Command(
            name = "down",
            mixinStandardHelpOptions = true,
            description =
                    "Stops everything up started, in reverse order; the job stops with a savepoint the"
                            + " next up resumes from. Data is kept.")
    static final class Down implements Callable<Integer> {
        @Option(
                names = "--purge",
                description = "Also delete all data, logs and generated passwords.")
        boolean purge;

        @Override
        public Integer call() {
            stack().down(purge);
            return 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Each component: id, state, endpoint. Exits 1 if any is unhealthy.")
    static final class Status implements Callable<Integer> {
        @Override
        public Integer call() {
            return stack().status() ? 0 : 1;
        }
    }

    @Command(
            name = "supervise",
            hidden = true,
            description =
                    "Restarts components that die, until stopped; up starts it, down stops it.")
    static final class Supervise implements Callable<Integer> {
        @Option(
                names = "--restarts",
                hidden = true,
                defaultValue = "${env:" + Keeper.RESTARTS + ":-0}",
                description = "How many times its keeper started it again (counted on /metrics).")
        int restarts;

        @Override
        public Integer call() throws InterruptedException {
            Stack stack = stack();
            Supervisor.run(
                    stack.supervised(),
                    stack.restartGraces(),
                    stack.restartNeeds(),
                    stack.home(),
                    new Supervisor.Settings(stack.ports().supervisorMetrics(), restarts),
                    stack.flink().rest(),
                    System.out);
            return 0;
        }
    }

    @Command(
            name = "psql",
            description =
                    "psql on the HerdPulse database as the read-only role; arguments go to psql.")
    static final class Psql implements Callable<Integer> {
        @Unmatched List<String> arguments = new ArrayList<>();

        @Override
        public Integer call() throws IOException, InterruptedException {
            PostgresServer postgres = stack().postgres();
            List<String> command =
                    new ArrayList<>(
                            List.of(
                                    "psql",
                                    "--host=127.0.0.1",
                                    "--port=" + postgres.port(),
                                    "--username=" + Role.READER.roleName(),
                                    "--dbname=" + PostgresServer.DATABASE));
            command.addAll(arguments);
            ProcessBuilder psql = new ProcessBuilder(command).inheritIO();
            psql.environment().put("PGPASSWORD", postgres.password(Role.READER));
            return psql.start().waitFor();
        }
    }

    @Command(
            name = "flink",
            description =
                    "The Flink CLI against this cluster: list, run, cancel, stop, savepoint …;"
                            + " arguments go to flink.")
    static final class Flink implements Callable<Integer> {
        @Unmatched List<String> arguments = new ArrayList<>();

        @Override
        public Integer call() {
            return stack().flinkCli().runInteractive(arguments);
        }
    }

    @Command(
            name = "produce",
            description =
                    "The producer against this broker: produce simulate|replay|serve|poll|fake-api"
                            + " [OPTIONS];"
                            + " arguments go to the producer. Its /metrics is served on a free"
                            + " port of 9401-9409 and scraped by Prometheus while it runs.")
    static final class Produce implements Callable<Integer> {
        @Unmatched List<String> arguments = new ArrayList<>();

        @Override
        public Integer call() throws IOException, InterruptedException {
            Stack stack = stack();
            return new ProducerRun(
                            Distribution.locate(),
                            stack.kafka().bootstrapServers(),
                            stack.ports(),
                            stack.scrapeTargets(),
                            System.err)
                    .run(arguments);
        }
    }

    @Command(
            name = "bench",
            description =
                    "The real-stack benchmark: bench [--quick] [--results DIR] [--suites …];"
                            + " arguments go to the benchmark (bench --help lists them).")
    static final class Bench implements Callable<Integer> {
        @Unmatched List<String> arguments = new ArrayList<>();

        @Override
        public Integer call() throws IOException, InterruptedException {
            Distribution distribution = Distribution.locate();
            List<String> command =
                    new ArrayList<>(
                            List.of(
                                    Distribution.java(),
                                    "-Dherdpulse.root=" + distribution.root(),
                                    "-jar",
                                    Distribution.require(distribution.benchJar()).toString()));
            command.addAll(arguments);
            // Ctrl-C or a SIGTERM to this CLI reaches the benchmark, which stops what it
            // started: the terminal waits for that instead of taking the next command meanwhile.
            return Foreground.start(command, Duration.ofMinutes(4)).waitFor();
        }
    }
}
