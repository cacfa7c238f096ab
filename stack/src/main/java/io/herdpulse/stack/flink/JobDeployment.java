package io.herdpulse.stack.flink;

import io.herdpulse.schema.Role;
import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.Health;
import io.herdpulse.stack.StackException;
import io.herdpulse.stack.StackHome;
import io.herdpulse.stack.postgres.PostgresServer;
import io.herdpulse.stack.process.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The HerdPulse job on the local cluster, submitted with the real {@code flink run -d}. {@code
 * down} stops it with a savepoint (or, when it cannot take one, cancels it and keeps its newest
 * retained checkpoint) and the next {@code up} resumes from it, so de-duplication state and open
 * windows survive a restart.
 *
 * <p>A submitted job is "wanted" until {@code down} (or a user's cancel) ends it: a file records
 * its id. A standalone JobManager keeps no jobs across its own restart, so when a wanted job is
 * gone (or has failed for good) it {@link #died()}, and {@link #submit()} brings it back from its
 * newest retained checkpoint: nothing it had read is lost or counted twice.
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
            Pattern.compile("Savepoint completed\\. Path: (\\S+)");
    private static final Pattern JOB_ID =
            Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");

    private final Distribution distribution;
    private final FlinkCluster cluster;
    private final FlinkCli cli;
    private final PostgresServer postgres;
    private final String bootstrapServers;

    /** Where {@code down} left the job: its savepoint, or its newest retained checkpoint. */
    private final Path leftByDown;

    private final Path wanted;
    private final Path checkpoints;
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
        this.leftByDown = home.data("flink").resolve("last-savepoint");
        this.wanted = home.data("flink").resolve("wanted-job");
        this.checkpoints = home.data("flink").resolve("checkpoints");
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
     * gone from it or failed for good. A job a user cancelled is no longer wanted.
     */
    public boolean died() {
        Optional<String> id = wantedJobId();
        if (id.isEmpty() || cluster.rest().registeredTaskManagers() == 0) {
            return false;
        }
        return switch (Fate.of(id.get(), cluster.rest().jobs())) {
            case LOST -> true;
            case ENDED -> {
                delete(wanted);
                yield false;
            }
            case ALIVE, UNKNOWN -> false;
        };
    }

    /** What the JobManager's list of jobs says of the wanted one. */
    enum Fate {
        ALIVE,
        /** Cancelled or finished: somebody ended it. */
        ENDED,
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
            return List.of("CANCELED", "FINISHED").contains(job.get().state()) ? ENDED : ALIVE;
        }
    }

    /**
     * Submits the job (from where {@code down} left it, if it did, else from the wanted job's
     * newest retained checkpoint) and waits until it is RUNNING.
     */
    public void submit() {
        List<String> flinkOptions = new ArrayList<>();
        Optional<String> left = whereDownLeftIt();
        Optional<String> resumeFrom = left.or(this::newestCheckpointOfWantedJob);
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
        write(wanted, id);
        Wait.until("the HerdPulse job", RUNNING_TIMEOUT, cliLog, null, this::isRunning);
        left.ifPresent(resumed -> delete(leftByDown));
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
        FlinkCli.Result result =
                cli.run(arguments, Map.of("HERDPULSE_DB_PASSWORD", postgres.password(Role.WRITER)));
        Matcher id = JOB_ID.matcher(result.output());
        if (result.exitCode() != 0 || !id.find()) {
            throw new StackException(
                    "flink run failed (exit " + result.exitCode() + "); see " + cliLog);
        }
        return id.group(1);
    }

    /**
     * Stops the job with a savepoint for the next {@code up}. A job that cannot take one
     * (restarting after a failure, its database gone) is cancelled, and the next {@code up} resumes
     * from its newest retained checkpoint instead: a {@code down} in the middle of an outage must
     * not drop its de-duplication ids and open windows.
     */
    public void stop() {
        Optional<String> wantedId = wantedJobId();
        delete(wanted);
        Optional<FlinkRest.Job> job = activeJob();
        Optional<String> resumePoint = job.flatMap(active -> stopWithSavepoint(active.id()));
        if (resumePoint.isEmpty()) {
            job.ifPresent(active -> cancelAndWait(active.id()));
            resumePoint =
                    job.map(FlinkRest.Job::id).or(() -> wantedId).flatMap(this::newestCheckpointOf);
        }
        resumePoint.ifPresent(path -> write(leftByDown, path));
    }

    /** {@code flink stop}: the savepoint's path, or empty when none could be taken. */
    public Optional<String> stopWithSavepoint(String jobId) {
        FlinkCli.Result stopped = cli.run(List.of("stop", jobId), Map.of());
        Matcher path = SAVEPOINT_PATH.matcher(stopped.output());
        return stopped.exitCode() == 0 && path.find()
                ? Optional.of(path.group(1))
                : Optional.empty();
    }

    public void cancel(String jobId) {
        cli.run(List.of("cancel", jobId), Map.of());
    }

    /**
     * Cancels and waits until the job is gone from the active ones: a checkpoint completing
     * meanwhile would replace the one retained, and the next {@code up} must find the newest.
     */
    private void cancelAndWait(String jobId) {
        cancel(jobId);
        Wait.until(
                "the cancelled HerdPulse job",
                RUNNING_TIMEOUT,
                cliLog,
                null,
                () -> activeJob().filter(job -> job.id().equals(jobId)).isEmpty());
    }

    private Optional<String> whereDownLeftIt() {
        if (!Files.isRegularFile(leftByDown)) {
            return Optional.empty();
        }
        try {
            String path = Files.readString(leftByDown, StandardCharsets.UTF_8).trim();
            return Files.exists(Path.of(path.replaceFirst("^file:", "")))
                    ? Optional.of(path)
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<String> wantedJobId() {
        if (!Files.isRegularFile(wanted)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(wanted, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<String> newestCheckpointOfWantedJob() {
        return wantedJobId().flatMap(this::newestCheckpointOf);
    }

    /** The completed checkpoint with the highest number that the job retained. */
    private Optional<String> newestCheckpointOf(String jobId) {
        Optional<Path> jobDir = Optional.of(checkpoints.resolve(jobId)).filter(Files::isDirectory);
        if (jobDir.isEmpty()) {
            return Optional.empty();
        }
        try (Stream<Path> retained = Files.list(jobDir.get())) {
            return retained.filter(dir -> dir.getFileName().toString().startsWith("chk-"))
                    .filter(dir -> Files.isRegularFile(dir.resolve("_metadata")))
                    .max(
                            Comparator.comparingLong(
                                    dir ->
                                            Long.parseLong(
                                                    dir.getFileName().toString().substring(4))))
                    .map(dir -> dir.toUri().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
