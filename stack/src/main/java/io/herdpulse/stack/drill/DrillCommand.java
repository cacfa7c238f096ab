package io.herdpulse.stack.drill;

import io.herdpulse.stack.HerdpulseCli;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code herdpulse drill NAME…}: the options of {@link Drill}, each default stated here once. */
@Command(
        name = "drill",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Failure drills on the running stack (bin/herdpulse up): the same data is sent once"
                    + " without failure and once per drill with it, live while the job consumes;"
                    + " every row of the four tables is compared. Exits 0 only when every drill's"
                    + " rows equal the failure-free run's.",
            "The user's job is stopped with a savepoint and resumed afterwards; the drill writes"
                    + " into topics and databases of its own and drops them."
        })
public final class DrillCommand implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Parameters(
            arity = "1..*",
            paramLabel = "NAME",
            description =
                    "taskmanager (kill -9, --kills times), postgres (stopped for --postgres-down),"
                            + " broker (stopped for --broker-down), rescale (savepoint, parallelism"
                            + " 1 -> 2), upgrade (savepoint of --from-jar, resumed with this"
                            + " build), or all.")
    List<String> names;

    @Option(
            names = "--readings",
            defaultValue = "200000",
            paramLabel = "N",
            description = "Simulated readings per run (default: ${DEFAULT-VALUE}).")
    long readings;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description =
                    "Picks the herd's conditions, the bad and late messages and the failure"
                            + " moments (default: random, printed).")
    Long seed;

    @Option(
            names = "--rate",
            defaultValue = "8000",
            paramLabel = "PER_SECOND",
            description = "Readings per second the simulator sends (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--postgres-down",
            defaultValue = "PT60S",
            paramLabel = "DURATION",
            description = "How long PostgreSQL stays stopped (default: ${DEFAULT-VALUE}).")
    Duration postgresDown;

    @Option(
            names = "--broker-down",
            defaultValue = "PT20S",
            paramLabel = "DURATION",
            description =
                    "How long the broker stays stopped; below the drill jobs' --idleness of"
                            + " PT5M (default: ${DEFAULT-VALUE}).")
    Duration brokerDown;

    @Option(
            names = "--kills",
            defaultValue = "3",
            paramLabel = "N",
            description =
                    "How often the taskmanager drill kills the TaskManager (default: ${DEFAULT-VALUE}).")
    int kills;

    @Option(
            names = "--from-jar",
            paramLabel = "PATH",
            description =
                    "The older job jar the upgrade drill starts with (default: HEAD~1's, built"
                            + " once into HERDPULSE_HOME).")
    Path fromJar;

    @Option(names = "--keep", description = "Keep the drill's topics and databases afterwards.")
    boolean keep;

    @Override
    public Integer call() {
        if (readings < 1000) {
            throw new ParameterException(spec.commandLine(), "--readings must be at least 1000");
        }
        if (!(rate > 0)) {
            throw new ParameterException(spec.commandLine(), "--rate must be positive");
        }
        if (kills < 1) {
            throw new ParameterException(spec.commandLine(), "--kills must be at least 1");
        }
        if (postgresDown.isNegative() || brokerDown.isNegative()) {
            throw new ParameterException(spec.commandLine(), "outages must not be negative");
        }
        if (brokerDown.compareTo(DrillRun.JOB_IDLENESS) >= 0) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--broker-down must be shorter than the drill jobs' --idleness of "
                            + DrillRun.JOB_IDLENESS);
        }
        if (fromJar != null && !Files.isRegularFile(fromJar)) {
            throw new ParameterException(
                    spec.commandLine(), "--from-jar " + fromJar + " is no file");
        }
        DrillSettings settings =
                new DrillSettings(
                        readings,
                        seed == null ? RandomGenerator.getDefault().nextLong(1L << 48) : seed,
                        rate,
                        postgresDown,
                        brokerDown,
                        kills,
                        Optional.ofNullable(fromJar).map(Path::toAbsolutePath),
                        keep);
        boolean equal = new Drill(HerdpulseCli.stack(), settings, System.out).run(kinds());
        if (!equal) {
            System.out.println("Replay with: " + replayCommand(settings.seed()));
        }
        return equal ? 0 : 1;
    }

    /**
     * Every option that shapes the data or the failures, not only the seed: the moments are shares
     * of the data sent, and the outages' lengths decide what the job lives through.
     */
    private String replayCommand(long seed) {
        return String.format(
                Locale.ROOT,
                "bin/herdpulse drill %s --readings %d --rate %s --postgres-down %s --broker-down %s"
                        + " --kills %d%s --seed %d",
                String.join(" ", names),
                readings,
                BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString(),
                postgresDown,
                brokerDown,
                kills,
                fromJar == null ? "" : " --from-jar " + fromJar.toAbsolutePath(),
                seed);
    }

    private List<Drill.Kind> kinds() {
        Set<Drill.Kind> kinds = new LinkedHashSet<>();
        for (String name : names) {
            if (name.equalsIgnoreCase("all")) {
                kinds.addAll(List.of(Drill.Kind.values()));
                continue;
            }
            try {
                kinds.add(Drill.Kind.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException unknown) {
                throw new ParameterException(
                        spec.commandLine(),
                        "unknown drill '"
                                + name
                                + "': taskmanager, postgres, broker, rescale, upgrade or all");
            }
        }
        return new ArrayList<>(kinds);
    }
}
