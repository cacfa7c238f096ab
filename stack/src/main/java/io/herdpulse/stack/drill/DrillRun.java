package io.herdpulse.stack.drill;

import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.Stack;
import io.herdpulse.stack.StackException;
import io.herdpulse.stack.flink.FlinkRest;
import io.herdpulse.stack.flink.JobDeployment;
import io.herdpulse.stack.process.ManagedProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One live run of a drill's data: its own topic, consumer group and database, the job submitted
 * with {@code flink run}, the simulator sending while the job consumes, the drill's own messages in
 * between, the failure at its moments, then the flush readings, and the wait until the job has
 * committed everything and the tables are still.
 */
final class DrillRun {
    /** The stack's TaskManager running the job has two slots. */
    static final int PARALLELISM = 2;

    /**
     * The stack job's, so recovery times are the ones users see; passed to the job, so "still for
     * two checkpoint intervals" means what it says.
     */
    static final Duration CHECKPOINT_INTERVAL = JobDeployment.CHECKPOINT_INTERVAL;

    /**
     * The jobs' {@code --idleness}: longer than any outage a drill makes and the producer's
     * catching up after it. The drill's herd reports hours of event time per second, so a partition
     * that a broker restart leaves without data for the default 30 s would fall hours behind the
     * others' watermark and its held-back readings would be LATE in this run only. Nothing in a
     * drill needs idleness: every partition gets a flush reading at the end.
     */
    static final Duration JOB_IDLENESS = Duration.ofMinutes(5);

    /**
     * The stack finds its own job by name, so a drill's job that outlives its drill (killed, say)
     * must not be taken for it.
     */
    static final String JOB_NAME = "HerdPulse drill";

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration JOB_START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(5);

    /**
     * Restarts after a failure is over that mean the job cannot recover by itself (a record that
     * crashes an operator on every attempt): the drill stops waiting and says why.
     */
    private static final int CRASH_LOOP_RESTARTS = 3;

    private static final int STOP_ATTEMPTS = 3;

    private final Stack stack;
    private final DrillData data;
    private final Path scenario;
    private final Disruption disruption;
    private final PrintStream out;
    private final DrillTopic topic;
    private final DrillDatabase database;
    private final Path currentJar;
    // Read by the shutdown hook of an interrupted drill.
    private volatile String jobId;
    private volatile Process simulator;
    private Instant failureOver = Instant.MIN;
    private Optional<KilledTaskManager> killed = Optional.empty();

    /**
     * @param label names the run's topic, group and database (lower case letters, digits and
     *     underscores)
     */
    DrillRun(
            Stack stack,
            DrillData data,
            Path scenario,
            String label,
            Disruption disruption,
            PrintStream out) {
        this.stack = stack;
        this.data = data;
        this.scenario = scenario;
        this.disruption = disruption;
        this.out = out;
        this.topic = new DrillTopic(stack.kafka(), "herdpulse_" + label, Stack.TOPIC_PARTITIONS);
        this.database = new DrillDatabase(stack.postgres(), "herdpulse_" + label);
        this.currentJar = Distribution.require(stack.distribution().jobJar());
    }

    Stack stack() {
        return stack;
    }

    DrillDatabase database() {
        return database;
    }

    /** Runs it; returns the failures' recoveries. */
    List<Recovery> run() {
        topic.create();
        database.create();
        submit(
                disruption.initialJar(currentJar),
                disruption.initialParallelism(),
                Optional.empty());
        Instant started = Instant.now();
        Deque<Double> moments =
                new ArrayDeque<>(
                        disruption.moments(
                                new SplittableRandom(data.settings().seed() ^ 0xd7111L)));
        List<Recovery> recoveries = new ArrayList<>();
        try (HostileSender hostile =
                new HostileSender(stack.kafka().bootstrapServers(), topic.name(), data.hostile())) {
            simulator = startSimulator();
            double progress = 0;
            while (simulator.isAlive() || !moments.isEmpty()) {
                OptionalLong records = topic.records();
                if (records.isPresent()) {
                    progress =
                            Math.max(
                                    progress,
                                    (records.getAsLong() - hostile.sent())
                                            / (double) data.settings().readings());
                }
                if (!simulator.isAlive()) {
                    progress = 1;
                }
                hostile.sendDue(progress);
                if (!moments.isEmpty() && moments.peekFirst() <= progress) {
                    moments.removeFirst();
                    Recovery recovery = disruption.strike(this);
                    out.println("  " + recovery.describe());
                    recoveries.add(recovery);
                } else {
                    pause();
                }
            }
            if (simulator.exitValue() != 0) {
                throw new StackException(
                        "the simulator failed (exit "
                                + simulator.exitValue()
                                + "); see "
                                + simulatorLog());
            }
            hostile.finish(data.flush());
            Duration sent = Duration.between(started, Instant.now());
            awaitStill();
            out.printf(
                    Locale.ROOT,
                    "  %s run: data sent in %.0f s, every row written %.0f s after the start%n",
                    disruption.name(),
                    sent.toMillis() / 1000.0,
                    Duration.between(started, Instant.now()).toMillis() / 1000.0);
            return recoveries;
        } finally {
            abandon();
        }
    }

    /** Stops what the run started that would outlive it: the simulator and the job. */
    void abandon() {
        Process sending = simulator;
        if (sending != null) {
            sending.destroyForcibly();
        }
        String running = jobId;
        if (running != null) {
            stack.job().cancel(running);
        }
    }

    /**
     * Cancels every drill job that still runs: an interrupted {@code flink run} may have submitted
     * one whose id it never printed.
     */
    static void cancelDrillJobs(Stack stack) {
        FlinkRest.activeJobs(stack.flink().rest().jobs().orElse(List.of()), JOB_NAME)
                .forEach(job -> stack.job().cancel(job.id()));
    }

    /**
     * Stops the job with a savepoint and resubmits {@code jar} at {@code parallelism} from it;
     * returns when the new job runs every task.
     */
    void resubmitFromSavepoint(Path jar, int parallelism) {
        String savepoint =
                savepointOfStop(
                        STOP_ATTEMPTS,
                        () -> stack.job().stopWithSavepoint(jobId),
                        () ->
                                await(
                                        "job " + jobId + " to run every task after a failed stop",
                                        JOB_START_TIMEOUT,
                                        () -> stack.flink().rest().health(job()).healthy()));
        submit(jar, parallelism, Optional.of(savepoint));
    }

    /**
     * The savepoint of a stop, tried again once the job runs again when Flink failed it: a stop
     * racing a checkpoint in flight can be declined by a task ("task is closing", a source with
     * union state found part-finished; the upgrade drill, 2026-12-05), and Flink then restarts the
     * job from its last checkpoint instead of stopping it, before it reports the stop failed.
     */
    static String savepointOfStop(int attempts, Supplier<Optional<String>> stop, Runnable running) {
        for (int attempt = 1; ; attempt++) {
            Optional<String> savepoint = stop.get();
            if (savepoint.isPresent()) {
                return savepoint.get();
            }
            if (attempt == attempts) {
                throw new StackException(
                        "flink stop took no savepoint of the job in " + attempts + " attempts");
            }
            running.run();
        }
    }

    Path currentJar() {
        return currentJar;
    }

    /**
     * When the first row written after {@code since} was committed, by PostgreSQL's record of the
     * commit (a poll on a loaded machine sees it up to a second later); call it once the failure is
     * over (the server back, the job resubmitted). A failure that strikes after the job has read
     * and written everything sent so far has no new row to wait for: then the job is back at its
     * first checkpoint triggered after {@code since}.
     */
    Recovery.Back awaitNewRow(Instant since) {
        failureOver(since);
        return awaitRecovering(
                "a new row after the failure",
                () -> {
                    // Asked before the rows: a checkpoint seen complete has committed its rows,
                    // so one that both wrote rows and committed the last offsets between the two
                    // questions is still read as the rows it wrote.
                    boolean nothingLeftToWrite = nothingLeftToWriteSince(since);
                    return database.firstCommitAfter(since)
                            .map(firstWrite -> new Recovery.Back(firstWrite, "first new row"))
                            .or(
                                    () ->
                                            nothingLeftToWrite
                                                    ? Optional.of(
                                                            new Recovery.Back(
                                                                    Instant.now(),
                                                                    "first checkpoint (nothing"
                                                                            + " left to write)"))
                                                    : Optional.empty());
                });
    }

    private boolean nothingLeftToWriteSince(Instant since) {
        return checkpointedSince(since) && topic.consumedBy(topic.name());
    }

    private boolean checkpointedSince(Instant since) {
        return stack.flink()
                .rest()
                .latestCheckpointTriggered(job())
                .filter(triggered -> triggered.isAfter(since))
                .isPresent();
    }

    /**
     * The failure is over from {@code at} on: the job's failures after it count towards a crash
     * loop. Never earlier than a moment already set: a failure may end before its recovery begins.
     */
    void failureOver(Instant at) {
        if (at.isAfter(failureOver)) {
            failureOver = at;
        }
    }

    /** The failures located on {@code taskManager}'s dead JVM are part of its kill. */
    void killed(ManagedProcess taskManager, long pid) {
        killed = Optional.of(new KilledTaskManager(taskManager, pid));
    }

    /**
     * When the job ran again after {@code since}: every task deployed anew, from its checkpoint, or
     * from the start of the topic when a failure struck before its first checkpoint.
     */
    Instant awaitRunningAgainAfter(Instant since) {
        return awaitRecovering(
                "the job to run again after the failure",
                () -> stack.flink().rest().runningSince(job()).filter(at -> at.isAfter(since)));
    }

    /**
     * Waits for the first answer while the job recovers, failing the drill at once if it cannot
     * recover by itself.
     */
    private <T> T awaitRecovering(String what, Supplier<Optional<T>> answer) {
        return awaitAnswer(
                what,
                RECOVERY_TIMEOUT,
                () -> {
                    requireNoCrashLoop();
                    return answer.get();
                });
    }

    /** Waits for {@code answer}, failing the drill with {@code what} after {@code timeout}. */
    static <T> T awaitAnswer(String what, Duration timeout, Supplier<Optional<T>> answer) {
        AtomicReference<T> found = new AtomicReference<>();
        await(
                what,
                timeout,
                () -> {
                    answer.get().ifPresent(found::set);
                    return found.get() != null;
                });
        return found.get();
    }

    /** The job the run replays into (its id changes when it is resubmitted). */
    FlinkRest.Job job() {
        return new FlinkRest.Job(jobId, "", "");
    }

    private FlinkRest.JobHealth jobHealth() {
        return stack.flink().rest().health(job());
    }

    /**
     * Counts the job's failures by their time in its exception history, not by its restart count:
     * Flink's REST serves metrics as last fetched (every 10 s by default), so a count read when the
     * failure was over could miss restarts from during the failure, and the next read counted those
     * as a crash loop (the postgres drill after a broker drill, 3,000 readings). Failures a killed
     * TaskManager's dead JVM caused are not counted (a taskmanager drill's first kill in CI).
     */
    private void requireNoCrashLoop() {
        long failures =
                stack.flink().rest().failures(job()).stream()
                        .filter(failure -> failure.at().isAfter(failureOver))
                        .filter(failure -> killed.filter(kill -> kill.caused(failure)).isEmpty())
                        .count();
        if (failures >= CRASH_LOOP_RESTARTS) {
            throw new StackException(
                    "the job does not recover: "
                            + failures
                            + " failures since the failure was over, the last with: "
                            + jobHealth().lastFailure());
        }
    }

    /** Waits for {@code condition}, failing the drill with {@code what} after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new StackException(
                        "gave up waiting for " + what + " after " + timeout.toSeconds() + " s");
            }
            pause();
        }
    }

    /** Submits {@code jar} (from {@code savepoint}) and waits until it runs every task. */
    private void submit(Path jar, int parallelism, Optional<String> savepoint) {
        List<String> flinkOptions = new ArrayList<>(List.of("-p", Integer.toString(parallelism)));
        savepoint.ifPresent(path -> flinkOptions.addAll(List.of("-s", path)));
        List<String> jobOptions =
                new ArrayList<>(
                        List.of(
                                "--topic",
                                topic.name(),
                                "--group-id",
                                topic.name(),
                                "--starting-offsets",
                                "earliest",
                                "--db-url",
                                database.jdbcUrl(),
                                "--checkpoint-interval",
                                CHECKPOINT_INTERVAL.toString(),
                                "--sensor-interval",
                                data.interval().toString(),
                                "--idleness",
                                JOB_IDLENESS.toString()));
        // Known from here on, so an interrupted drill cancels it even before it runs.
        jobId = stack.job().run(jar, flinkOptions, jobOptions, JOB_NAME);
        FlinkRest.Job job = job();
        await(
                "job " + job.id() + " to run every task",
                JOB_START_TIMEOUT,
                () -> stack.flink().rest().health(job).healthy());
        failureOver = Instant.MIN;
    }

    private Process startSimulator() {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Distribution.java(),
                                "-Xmx256m",
                                "-jar",
                                Distribution.require(stack.distribution().producerJar())
                                        .toString()));
        command.addAll(
                data.simulatorArguments(
                        stack.kafka().bootstrapServers(), topic.name(), scenario.toString()));
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(simulatorLog().toFile()))
                    .start();
        } catch (IOException e) {
            throw new StackException("cannot start the simulator: " + e.getMessage(), e);
        }
    }

    private Path simulatorLog() {
        return stack.home().log("drill-simulator");
    }

    /**
     * Done: the job's group has committed every record of the topic, and no table has changed for
     * two checkpoint intervals (rows reach PostgreSQL on checkpoints).
     */
    private void awaitStill() {
        Duration timeout =
                Duration.ofMinutes(5)
                        .plusSeconds((long) (data.settings().readings() / data.settings().rate()));
        await(
                "the job to commit every record",
                timeout,
                () -> {
                    requireNoCrashLoop();
                    return topic.consumedBy(topic.name());
                });
        // The flush readings' watermark may fire the last windows after the checkpoint that
        // committed their offsets; their rows come with a later one, however long that one is
        // held up, so the stillness is only counted from a checkpoint triggered after now.
        Instant consumed = Instant.now();
        await(
                "a checkpoint after every record was committed",
                timeout,
                () -> {
                    requireNoCrashLoop();
                    return checkpointedSince(consumed);
                });
        AtomicReference<Optional<Instant>> last = new AtomicReference<>(database.latestWrite());
        AtomicReference<Instant> stillSince = new AtomicReference<>(Instant.now());
        await(
                "the tables to stay unchanged",
                timeout,
                () -> {
                    Optional<Instant> latest = database.latestWrite();
                    if (!latest.equals(last.get())) {
                        last.set(latest);
                        stillSince.set(Instant.now());
                    }
                    return Duration.between(stillSince.get(), Instant.now())
                                    .compareTo(CHECKPOINT_INTERVAL.multipliedBy(2))
                            >= 0;
                });
    }

    /** Deletes the topic, the group and the database. */
    void delete() {
        topic.delete(topic.name());
        database.drop();
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted", e);
        }
    }
}
