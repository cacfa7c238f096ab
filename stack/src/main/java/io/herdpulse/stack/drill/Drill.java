package io.herdpulse.stack.drill;

import io.herdpulse.stack.Stack;
import io.herdpulse.stack.StackException;
import io.herdpulse.stack.StackHome;
import io.herdpulse.stack.StackLock;
import io.herdpulse.stack.process.ManagedProcess;
import io.herdpulse.stack.process.UnwindOnExit;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code herdpulse drill}: on the running stack, one failure-free run of a fixed data set, then one
 * run of the same data per failure, every row of the four tables compared with the failure-free
 * run's.
 *
 * <p>The user's data is not touched: the user's job is stopped with a savepoint first and resumed
 * from it at the end, and every run writes into a topic and a database of its own, dropped
 * afterwards unless {@code --keep}.
 */
public final class Drill {
    private static final Duration STACK_HEALTHY_WITHIN = Duration.ofMinutes(1);

    /**
     * How long an interrupted drill's exit waits for its thread: longer than the Flink client that
     * thread may be waiting for takes to be killed and cleaned up after.
     */
    private static final Duration UNWIND = Duration.ofSeconds(30);

    /** The drills users can name. */
    public enum Kind {
        TASKMANAGER,
        POSTGRES,
        BROKER,
        RESCALE,
        UPGRADE;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Stack stack;
    private final DrillSettings settings;
    private final PrintStream out;

    public Drill(Stack stack, DrillSettings settings, PrintStream out) {
        this.stack = stack;
        this.settings = settings;
        this.out = out;
    }

    /** Runs the drills; returns whether every run's rows equal the failure-free run's. */
    public boolean run(List<Kind> kinds) {
        requireRunningStack();
        List<Disruption> disruptions = new ArrayList<>();
        for (Kind kind : kinds) {
            disruptions.add(disruption(kind));
        }
        DrillData data = DrillData.plan(settings, Instant.now(), Stack.TOPIC_PARTITIONS);
        String id = Long.toString(Instant.now().getEpochSecond(), 36);
        Path scenario = writeScenario(data, id);
        out.println("Drill " + id + ": " + data.describe());
        boolean userJob = stack.job().activeJob().isPresent();
        if (userJob) {
            out.println("Stopping the HerdPulse job with a savepoint; it resumes after the drill.");
            // Under the stack's lock, as up and down change the job: an up meanwhile would see
            // no job and submit a second one.
            try (StackLock lock = StackLock.acquire(stack.home())) {
                stack.job().stop();
            }
        }
        List<DrillRun> runs = new CopyOnWriteArrayList<>();
        boolean equal = true;
        // Interrupted (Ctrl-C, a kill), the drill's thread stops first, so it starts nothing more
        // (no run, no resubmission of the user's job that nobody would record); then what would
        // outlive the drill is cancelled: the current run's simulator and job, and any drill job a
        // flink run cut short submitted without printing its id.
        try (UnwindOnExit interruption =
                new UnwindOnExit(
                        "drill-interrupted",
                        UNWIND,
                        () -> {
                            if (!runs.isEmpty()) {
                                runs.get(runs.size() - 1).abandon();
                            }
                            DrillRun.cancelDrillJobs(stack);
                            out.println(farewell(id, userJob));
                        })) {
            try {
                DrillRun reference = run(data, scenario, id, Disruption.NONE, runs);
                for (Disruption disruption : disruptions) {
                    DrillRun drilled = run(data, scenario, id, disruption, runs);
                    equal &=
                            report(
                                    disruption,
                                    TableDiff.compare(
                                            reference.database()::reader,
                                            drilled.database()::reader));
                }
            } finally {
                if (!interruption.stopping()) {
                    cleanUp(runs, id, userJob);
                }
            }
        }
        return equal;
    }

    private void cleanUp(List<DrillRun> runs, String id, boolean userJob) {
        if (settings.keep()) {
            out.println("Kept the drill's topics and databases (herdpulse_drill_" + id + "_*).");
        } else {
            runs.forEach(DrillRun::delete);
        }
        if (userJob) {
            try (StackLock lock = StackLock.acquire(stack.home())) {
                stack.job().submit();
            }
            out.println("The HerdPulse job runs again from its savepoint.");
        }
    }

    private static String farewell(String id, boolean userJob) {
        return "Drill "
                + id
                + " interrupted: its job is cancelled, its topics and databases (herdpulse_drill_"
                + id
                + "_*) are left. bin/herdpulse up starts what it stopped"
                + (userJob ? ", the HerdPulse job from its savepoint." : " (a server of a drill).");
    }

    private DrillRun run(
            DrillData data, Path scenario, String id, Disruption disruption, List<DrillRun> runs) {
        out.println("Run " + disruption.name() + ":");
        DrillRun run =
                new DrillRun(
                        stack,
                        data,
                        scenario,
                        "drill_" + id + "_" + disruption.name().replace('-', '_'),
                        disruption,
                        out);
        runs.add(run);
        run.run();
        return run;
    }

    private boolean report(Disruption disruption, List<TableDiff.Outcome> outcomes) {
        long lost = 0;
        long extra = 0;
        long differing = 0;
        for (TableDiff.Outcome outcome : outcomes) {
            lost += outcome.lost();
            extra += outcome.extra();
            differing += outcome.differing();
        }
        out.printf(
                Locale.ROOT,
                "%s: %s%n",
                disruption.name(),
                lost + extra + differing == 0
                        ? "0 lost, 0 doubled"
                        : lost
                                + " rows lost, "
                                + extra
                                + " rows extra, "
                                + differing
                                + " rows differ");
        for (TableDiff.Outcome outcome : outcomes) {
            out.printf(
                    Locale.ROOT,
                    "  %-20s %,10d rows failure-free, %,10d rows %s%s%n",
                    outcome.table(),
                    outcome.expectedRows(),
                    outcome.actualRows(),
                    disruption.name(),
                    outcome.equal()
                            ? ", equal"
                            : String.format(
                                    Locale.ROOT,
                                    ": %d lost, %d extra, %d differ",
                                    outcome.lost(),
                                    outcome.extra(),
                                    outcome.differing()));
            outcome.examples().forEach(example -> out.println("    " + example));
        }
        return lost + extra + differing == 0;
    }

    private Disruption disruption(Kind kind) {
        return switch (kind) {
            case TASKMANAGER -> new TaskManagerKills(settings.kills());
            case POSTGRES ->
                    new ServerOutage(
                            kind.label(),
                            settings.postgresDown(),
                            stack.postgres()::stop,
                            unlessTakenDown(kind.label(), stack.postgres()::start));
            case BROKER ->
                    new ServerOutage(
                            kind.label(),
                            settings.brokerDown(),
                            stack.kafka()::stop,
                            unlessTakenDown(kind.label(), stack.kafka()::start));
            case RESCALE -> SavepointRestart.rescale();
            case UPGRADE ->
                    SavepointRestart.upgrade(
                            settings.fromJar()
                                    .orElseGet(
                                            () ->
                                                    PreviousJar.resolve(
                                                            stack.distribution(),
                                                            stack.home(),
                                                            out)));
        };
    }

    /**
     * Right after {@code up} on a loaded machine the TaskManagers may not have registered yet: a
     * stack whose TaskManagers run gets a minute to become healthy; one that is not up is refused
     * at once.
     */
    private Runnable unlessTakenDown(String server, Runnable start) {
        return unlessTakenDown(stack.home(), stack.flink().jobManager(), server, start);
    }

    /**
     * The end of an outage: the server started again under the stack's lock, as up and down start
     * and stop servers, unless the stack was taken down meanwhile (the JobManager stopped, not
     * died: {@code down} removes its pid file). Started then, the server ran on alone after {@code
     * down} had said everything was stopped, and after {@code down --purge} initialised an empty
     * database in the purged home (found by review, 2026-12-06).
     */
    static Runnable unlessTakenDown(
            StackHome home, ManagedProcess jobManager, String server, Runnable start) {
        return () -> {
            try (StackLock lock = StackLock.acquire(home)) {
                if (jobManager.running().isEmpty() && !jobManager.died()) {
                    throw new StackException(
                            "the stack was taken down while the drill had "
                                    + server
                                    + " stopped: it stays stopped with the rest");
                }
                start.run();
            }
        };
    }

    private void requireRunningStack() {
        String notRunning =
                "the stack is not running (or not healthy): start it with bin/herdpulse up"
                        + " --no-simulator, see bin/herdpulse status";
        boolean started =
                stack.flink().taskManagers().stream()
                        .anyMatch(taskManager -> taskManager.running().isPresent());
        if (!started) {
            throw new StackException(notRunning);
        }
        try {
            DrillRun.await(
                    "a healthy stack",
                    STACK_HEALTHY_WITHIN,
                    () ->
                            stack.postgres().isHealthy()
                                    && stack.kafka().isHealthy()
                                    && stack.flink().rest().registeredTaskManagers() >= 1);
        } catch (StackException unhealthy) {
            throw new StackException(notRunning, unhealthy);
        }
    }

    private Path writeScenario(DrillData data, String id) {
        Path file = stack.home().data("drill").resolve("scenario-" + id + ".csv");
        try {
            Files.write(file, data.scenario(), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
