package io.herdpulse.stack.flink;

import io.herdpulse.schema.Role;
import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.Health;
import io.herdpulse.stack.StackException;
import io.herdpulse.stack.StackHome;
import io.herdpulse.stack.StackLock;
import io.herdpulse.stack.postgres.PostgresServer;
import io.herdpulse.stack.process.Command;
import io.herdpulse.stack.process.Wait;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HerdPulse job on the local cluster, submitted with the real {@code flink run -d}. {@code
 * down} stops it with a savepoint (or, when it cannot take one, cancels it and keeps its newest
 * retained checkpoint) and the next {@code up} resumes from it, so de-duplication state and open
 * windows survive a restart.
 *
 * <p>A submitted job is "wanted" until {@code down} (or a user's cancel) ends it ({@link
 * ResumePoints} keeps its id and where it resumed from). A standalone JobManager keeps no jobs
 * across its own restart, so when a wanted job is gone (or has failed for good) it {@link #died()},
 * and {@link #submit()} brings it back from its newest retained checkpoint, or from where it was
 * itself resumed if it completed none: nothing it had read is lost or counted twice.
 */
public final class JobDeployment {
    public static final String JOB_NAME = "HerdPulse";

    /**
     * The stack's jobs write their rows on every checkpoint, so this is how long a row waits, also
     * the first rows after a recovery. 2 s made no recovery measurably faster, and at a million
     * readings its checkpoints (10–30 MB) took 1–2.7 s, so the job checkpointed almost all the time
     * (docs/operations.md): the job's 5 s default, passed explicitly so the drills can count on it.
     */
    public static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(5);

    private static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern SAVEPOINT_PATH =
            Pattern.compile("Savepoint completed\\. Path: (.+)");
    private static final Pattern JOB_ID =
            Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");

    private final Distribution distribution;
    private final FlinkCluster cluster;
    private final FlinkCli cli;
    private final PostgresServer postgres;
    private final String bootstrapServers;
    private final StackHome home;
    private final ResumePoints resumePoints;
    private final Path cliLog;

    public JobDeployment(
            Distribution distribution,
            StackHome home,
            FlinkCluster cluster,
            FlinkCli cli,
            PostgresServer postgres,
            String bootstrapServers) {
        this.distribution = distribution;
        this.cluster = cluster;
        this.cli = cli;
        this.postgres = postgres;
        this.bootstrapServers = bootstrapServers;
        this.home = home;
        this.resumePoints = new ResumePoints(home.data("flink"));
        this.cliLog = home.log("flink-cli");
    }

    public boolean isRunning() {
        return cluster.rest()
                .activeJob(JOB_NAME)
                .filter(job -> job.state().equals("RUNNING"))
                .isPresent();
    }

    public Optional<FlinkRest.Job> activeJob() {
        return cluster.rest().activeJob(JOB_NAME);
    }

    /** For {@code status}: healthy only while RUNNING with every task running. */
    public Health health() {
        return activeJob()
                .map(
                        job -> {
                            FlinkRest.JobHealth health = cluster.rest().health(job);
                            String note =
                                    health.state()
                                            + (health.tasksRunning() ? "" : ", tasks not running")
                                            + ", "
                                            + health.restarts()
                                            + " restarts"
                                            + (health.lastFailure().isEmpty()
                                                    ? ""
                                                    : ", last failure: " + health.lastFailure());
                            return new Health(health.healthy(), note);
                        })
                .orElse(new Health(false, "no job"));
    }

    /**
     * Whether the job was lost without anybody stopping it: wanted, the cluster up, and the job
     * gone from it or failed for good. A job a user cancelled or stopped is no longer wanted, and
     * the next {@code up} resumes from where its state went: a stopped one's savepoint, a cancelled
     * one's newest retained checkpoint ({@link #handOver}). That is settled at once, while the
     * JobManager still lists the ended job (it forgets it after an hour, or at its restart, and the
     * job would then look lost); under the stack's lock, which {@code down} holds already and the
     * supervisor takes if nobody holds it (an {@code up} under way settles it itself).
     */
    public boolean died() {
        Optional<String> id = resumePoints.wantedJobId();
        if (id.isEmpty() || cluster.rest().registeredTaskManagers() == 0) {
            return false;
        }
        Fate fate = Fate.of(id.get(), cluster.rest().jobs());
        if (fate == Fate.LOST) {
            return true;
        }
        if (endedByAUser(fate)) {
            StackLock.tryWith(home, this::settleEnded);
        }
        return false;
    }

    private static boolean endedByAUser(Fate fate) {
        return fate == Fate.CANCELLED || fate == Fate.FINISHED;
    }

    /** Under the lock, so read again: an up may have submitted a new job meanwhile. */
    private void settleEnded() {
        resumePoints
                .wantedJobId()
                .ifPresent(
                        id -> {
                            Fate fate = Fate.of(id, cluster.rest().jobs());
                            if (endedByAUser(fate)) {
                                handOver(id, fate);
                            }
                        });
    }

    /**
     * Names the state of the wanted job {@code id}, which ended as {@code fate}, for the next
     * submission: a stopped job's savepoint; a cancelled or lost job's newest retained checkpoint
     * (Flink deletes a finished job's checkpoints, so a stopped one has only its savepoint).
     * Returns whether it is settled: not while the job runs or the JobManager has not said.
     */
    private boolean handOver(String id, Fate fate) {
        switch (fate) {
            case CANCELLED, LOST -> resumePoints.cancelled(id);
            case FINISHED -> {
                Optional<FlinkRest.Checkpoints> stats =
                        cluster.rest().checkpoints(new FlinkRest.Job(id, JOB_NAME, "FINISHED"));
                if (stats.isEmpty()) {
                    return false;
                }
                stats.get()
                        .latestSavepoint()
                        .ifPresentOrElse(
                                resumePoints::stoppedWithSavepoint,
                                () -> resumePoints.cancelled(id));
            }
            case ALIVE, UNKNOWN -> {
                return false;
            }
        }
        return true;
    }

    /** What the JobManager's list of jobs says of the wanted one. */
    enum Fate {
        ALIVE,
        /** Somebody cancelled it. */
        CANCELLED,
        /** Stopped with a savepoint by somebody, or a bounded run that ended. */
        FINISHED,
        /** Gone from the cluster, or failed for good. */
        LOST,
        /**
         * The JobManager did not answer (restoring a job, collecting garbage): no sign of a lost
         * job, and resubmitting a job that still runs would run it twice, into the same database.
         */
        UNKNOWN;

        static Fate of(String id, Optional<List<FlinkRest.Job>> jobs) {
            if (jobs.isEmpty()) {
                return UNKNOWN;
            }
            Optional<FlinkRest.Job> job =
                    jobs.get().stream().filter(each -> each.id().equals(id)).findAny();
            if (job.isEmpty() || job.get().state().equals("FAILED")) {
                return LOST;
            }
            return switch (job.get().state()) {
                case "CANCELED" -> CANCELLED;
                case "FINISHED" -> FINISHED;
                default -> ALIVE;
            };
        }
    }

    /**
     * Submits the job from the state {@link ResumePoints#forNextSubmission()} names (none for a
     * first start) and waits until it is RUNNING. A job of the stack's name that runs already is
     * not submitted again: it is the wanted one, or becomes it (a {@code flink run} whose id was
     * never recorded, a user's own). A wanted job that a user ended is settled first, so its state
     * is what the new one resumes from however soon after the user's command this runs.
     */
    public void submit() {
        List<FlinkRest.Job> jobs = jobsByTheJobManagersWord();
        Optional<String> wanted = resumePoints.wantedJobId();
        List<FlinkRest.Job> active = FlinkRest.activeJobs(jobs, JOB_NAME);
        if (!active.isEmpty()) {
            if (active.stream().noneMatch(job -> wanted.equals(Optional.of(job.id())))) {
                resumePoints.adopted(active.get(0).id());
            }
            return;
        }
        // A lost job stays wanted until its successor is submitted: a flink run that fails leaves
        // it for the supervisor to try again.
        Optional<Fate> fate = wanted.map(id -> Fate.of(id, Optional.of(jobs)));
        if (fate.filter(JobDeployment::endedByAUser).isPresent()
                && !handOver(wanted.get(), fate.get())) {
            throw new StackException(
                    "the JobManager did not say where the state of job "
                            + wanted.get()
                            + " went; try again");
        }
        List<String> flinkOptions = new ArrayList<>();
        Optional<String> resumeFrom = resumePoints.forNextSubmission();
        resumeFrom.ifPresent(path -> flinkOptions.addAll(List.of("-s", path)));
        String id =
                run(
                        Distribution.require(distribution.jobJar()),
                        flinkOptions,
                        List.of(
                                "--db-url",
                                postgres.jdbcUrl(),
                                "--checkpoint-interval",
                                CHECKPOINT_INTERVAL.toString()));
        // Wanted from its submission on, by the id flink run printed: a JobManager too busy to
        // answer one more request must not leave a running job that nobody would bring back.
        resumePoints.submitted(id, resumeFrom);
        Wait.until("the HerdPulse job", RUNNING_TIMEOUT, cliLog, null, this::isRunning);
    }

    /**
     * Every job the JobManager knows, once it answers. One busy or paused does not answer for a
     * while; taking its silence for "no job" would submit a second copy of the job, reading the
     * same topic into the same tables.
     */
    private List<FlinkRest.Job> jobsByTheJobManagersWord() {
        AtomicReference<Optional<List<FlinkRest.Job>>> answer =
                new AtomicReference<>(Optional.empty());
        Wait.until(
                "an answer from the JobManager",
                RUNNING_TIMEOUT,
                cluster.jobManager().logFile(),
                cluster.jobManager().running().orElse(null),
                () -> {
                    answer.set(cluster.rest().jobs());
                    return answer.get().isPresent();
                });
        return answer.get().orElseThrow();
    }

    /**
     * The same, the job named {@code name} so that nothing takes it for the stack's own ({@link
     * #JOB_NAME}), which {@code up}, {@code status} and the supervisor find by its name. A jar
     * built before the job took {@code --job-name} (the upgrade drill's older one) runs under the
     * default.
     */
    public String run(Path jar, List<String> flinkOptions, List<String> jobOptions, String name) {
        List<String> named = new ArrayList<>(jobOptions);
        if (namesItsJob(jar)) {
            named.addAll(List.of("--job-name", name));
        }
        return run(jar, flinkOptions, named);
    }

    private static boolean namesItsJob(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry options = file.getJarEntry("io/herdpulse/job/config/JobCommandLine.class");
            if (options == null) {
                return false;
            }
            try (InputStream bytes = file.getInputStream(options)) {
                return new String(bytes.readAllBytes(), StandardCharsets.ISO_8859_1)
                        .contains("--job-name");
            }
        } catch (IOException e) {
            throw new StackException("cannot read the job jar " + jar + ": " + e.getMessage(), e);
        }
    }

    /**
     * Submits {@code jar} detached ({@code flink run -d FLINK_OPTIONS JAR --bootstrap-servers …
     * --db-user … JOB_OPTIONS}) and returns the Flink job id. The drills run their own jobs (an
     * older jar, another topic and database) this way.
     */
    public String run(Path jar, List<String> flinkOptions, List<String> jobOptions) {
        List<String> arguments = new ArrayList<>(List.of("run", "-d"));
        arguments.addAll(flinkOptions);
        arguments.addAll(
                List.of(
                        jar.toString(),
                        "--bootstrap-servers",
                        bootstrapServers,
                        "--db-user",
                        Role.WRITER.roleName()));
        arguments.addAll(jobOptions);
        // The password reaches the job's main() through the client's environment, never its command
        // line.
        Command.Ended result =
                cli.run(arguments, Map.of("HERDPULSE_DB_PASSWORD", postgres.password(Role.WRITER)));
        Matcher id = JOB_ID.matcher(result.output());
        if (!result.succeeded() || !id.find()) {
            throw new StackException("flink run failed (" + result.end() + "); see " + cliLog);
        }
        return id.group(1);
    }

    /**
     * Stops the job with a savepoint for the next {@code up}. A job that cannot take one
     * (restarting after a failure, its database gone, its heap full) is cancelled, and the next
     * {@code up} resumes from its newest retained checkpoint instead (or, if it completed none,
     * from where it resumed): a {@code down} in the middle of an outage must not drop its
     * de-duplication ids and open windows.
     */
    public void stop() {
        Optional<FlinkRest.Job> job = activeJob();
        if (job.isEmpty()) {
            // Ended already (a user's cancel or stop the supervisor has not settled yet), or a
            // JobManager that does not answer: then the job stays wanted for the next up.
            resumePoints
                    .wantedJobId()
                    .ifPresent(id -> handOver(id, Fate.of(id, cluster.rest().jobs())));
            return;
        }
        Optional<String> savepoint = stopWithSavepoint(job.get().id());
        if (savepoint.isPresent()) {
            resumePoints.stoppedWithSavepoint(savepoint.get());
        } else if (cancelled(job.get().id())) {
            resumePoints.cancelled(job.get().id());
        }
    }

    /** {@code flink stop}: the savepoint's path, or empty when none could be taken. */
    public Optional<String> stopWithSavepoint(String jobId) {
        Command.Ended stopped = cli.run(List.of("stop", jobId), Map.of());
        return stopped.succeeded() ? savepointPrintedIn(stopped.output()) : Optional.empty();
    }

    /** To the end of its line: the path is the stack home's, which may hold a space. */
    static Optional<String> savepointPrintedIn(String output) {
        Matcher path = SAVEPOINT_PATH.matcher(output);
        return path.find() ? Optional.of(path.group(1)) : Optional.empty();
    }

    public void cancel(String jobId) {
        cli.run(List.of("cancel", jobId), Map.of());
    }

    /**
     * Cancels the job and waits until the JobManager lists it as ended: a checkpoint completing
     * meanwhile would replace the one retained, and the next {@code up} must find the newest. A
     * JobManager that does not answer has not said so; when it never does, the job stays wanted, so
     * the next {@code up} looks for its newest checkpoint once this JobManager is stopped.
     */
    private boolean cancelled(String jobId) {
        cancel(jobId);
        try {
            Wait.until(
                    "the cancelled HerdPulse job",
                    RUNNING_TIMEOUT,
                    cliLog,
                    null,
                    () ->
                            !List.of(Fate.ALIVE, Fate.UNKNOWN)
                                    .contains(Fate.of(jobId, cluster.rest().jobs())));
            return true;
        } catch (StackException stillRunning) {
            return false;
        }
    }
}
