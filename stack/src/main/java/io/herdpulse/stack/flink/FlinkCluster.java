package io.herdpulse.stack.flink;

import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.Health;
import io.herdpulse.stack.StackException;
import io.herdpulse.stack.StackHome;
import io.herdpulse.stack.process.Command;
import io.herdpulse.stack.process.ManagedProcess;
import io.herdpulse.stack.process.Ports;
import io.herdpulse.stack.process.Signal;
import io.herdpulse.stack.process.Wait;
import io.herdpulse.stack.prometheus.ScrapeTargets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A Flink 2.2 session cluster of one JobManager and its TaskManagers, each a JVM of its own, run
 * from the build's Flink lib/ (what flink-dist would ship), configured by a rendered {@code
 * config.yaml}.
 *
 * <p>Each TaskManager registers under its own name as resource id ({@code flink-taskmanager},
 * {@code flink-taskmanager-2}, …), so one started again after a crash replaces its dead
 * registration at once instead of waiting for a heartbeat timeout, and {@code status} can tell
 * which ones are registered.
 */
public final class FlinkCluster {
    public static final String JOBMANAGER = "flink-jobmanager";
    public static final String TASKMANAGER = "flink-taskmanager";

    /** How long a start may take before it counts as failed. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    /**
     * The TaskManagers' garbage collector: G1 with a young generation of at least 30 % of the heap.
     * Left to itself, G1 kept eden near 80 MB of a 1.3 GB heap to meet its 200 ms pause goal on two
     * shared cores, so the readings waiting for the watermark and the windows' accumulators were
     * copied collection after collection: 75 young collections of 211 ms median in 127 s on a
     * 306,000-record backlog, 12 % of the TaskManager's time (JFR; the measurement in
     * docs/benchmarks.md). A larger eden lets them die young. Not more than 30 %: the old
     * generation keeps 70 % of the heap, which {@link TaskManagerMemory} sizes at twice the herd's
     * state.
     */
    static final List<String> TASKMANAGER_GC_OPTIONS =
            List.of("-XX:+UseG1GC", "-XX:+UnlockExperimentalVMOptions", "-XX:G1NewSizePercent=30");

    /**
     * The Java 17 module openings Flink needs, as flink-dist's config.yaml sets them in {@code
     * env.java.default-opts.all} (its start scripts add them to every JVM).
     */
    static final List<String> JAVA_17_OPTIONS =
            List.of(
                    "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
                    "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
                    "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.text=ALL-UNNAMED",
                    "--add-opens=java.base/java.time=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    /**
     * How the pipeline survives failures, as Flink 2.2 options: the local stack renders them into
     * its config.yaml, and docker-compose.yml and deploy/kubernetes/flink-deployment.yaml carry the
     * same keys and values (the deploy module's FailureBehaviourTest holds them to this map). The
     * drills measured them ({@code docs/operations.md}, "Drills").
     *
     * <ul>
     *   <li>A lost TaskManager is noticed after two refused heartbeats, 0.5 s apart, or after 10 s
     *       without an answer, not after the default 50 s.
     *   <li>A failed job restarts 0.1 s after the failure, then waits longer each time up to 2 s,
     *       not Flink's default 1 s to 1 min: a job that fails while PostgreSQL is down tries again
     *       within 2 s of its return, at the price of a restart every 2 s meanwhile. A minute
     *       without failure starts the backoff over.
     *   <li>A failure restarts only its pipelined region (Flink's default, set so that it stays).
     *   <li>A cancelled job keeps its last checkpoint, for {@code flink run -s} to resume it.
     * </ul>
     */
    public static final Map<String, String> FAILURE_BEHAVIOUR =
            Map.ofEntries(
                    Map.entry("heartbeat.interval", "500 ms"),
                    Map.entry("heartbeat.timeout", "10 s"),
                    Map.entry("restart-strategy.type", "exponential-delay"),
                    Map.entry("restart-strategy.exponential-delay.initial-backoff", "100 ms"),
                    Map.entry("restart-strategy.exponential-delay.max-backoff", "2 s"),
                    Map.entry(
                            "restart-strategy.exponential-delay.reset-backoff-threshold", "1 min"),
                    Map.entry("jobmanager.execution.failover-strategy", "region"),
                    Map.entry(
                            "execution.checkpointing.externalized-checkpoint-retention",
                            "RETAIN_ON_CANCELLATION"));

    /**
     * @param reporterFirst the first port of the Prometheus reporters' range: the JobManager's
     * @param reporterLast the last; each TaskManager is given the first free one after the
     *     JobManager's, so the stack knows where to scrape it
     * @param taskManagerMemory the TaskManager's process size
     */
    public record Settings(
            int restPort,
            int rpcPort,
            int reporterFirst,
            int reporterLast,
            int taskSlots,
            int taskManagers,
            TaskManagerMemory taskManagerMemory) {

        String reporterPorts() {
            return reporterFirst + "-" + reporterLast;
        }
    }

    private final Distribution distribution;
    private final StackHome home;
    private final Settings settings;
    private final Path confDir;
    private final ManagedProcess jobManager;
    private final List<ManagedProcess> taskManagers;
    private final FlinkRest rest;
    private final ScrapeTargets scrapeTargets;

    public FlinkCluster(Distribution distribution, StackHome home, Settings settings) {
        this.distribution = distribution;
        this.home = home;
        this.settings = settings;
        this.confDir = home.conf("flink");
        this.jobManager =
                new ManagedProcess(
                        JOBMANAGER, home.pidFile(JOBMANAGER), home.log(JOBMANAGER + ".out"));
        this.taskManagers =
                IntStream.rangeClosed(1, settings.taskManagers())
                        .mapToObj(FlinkCluster::taskManagerName)
                        .map(
                                name ->
                                        new ManagedProcess(
                                                name, home.pidFile(name), home.log(name + ".out")))
                        .toList();
        this.rest = new FlinkRest(settings.restPort());
        this.scrapeTargets = ScrapeTargets.of(home);
    }

    public ManagedProcess jobManager() {
        return jobManager;
    }

    /** The name, pid file and resource id of the n-th TaskManager (from 1). */
    public static String taskManagerName(int number) {
        return number == 1 ? TASKMANAGER : TASKMANAGER + "-" + number;
    }

    public List<ManagedProcess> taskManagers() {
        return taskManagers;
    }

    /** The TaskManager running the most of the job's tasks, if any runs one. */
    public Optional<ManagedProcess> busiestTaskManager(FlinkRest.Job job) {
        return busiest(rest.runningTasksByTaskManager(job))
                .flatMap(
                        id ->
                                taskManagers.stream()
                                        .filter(taskManager -> taskManager.name().equals(id))
                                        .findFirst());
    }

    /** The resource id with the most running tasks. */
    static Optional<String> busiest(Map<String, Integer> runningTasks) {
        return runningTasks.entrySet().stream()
                .filter(taskManager -> taskManager.getValue() > 0)
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey);
    }

    public FlinkRest rest() {
        return rest;
    }

    public Settings settings() {
        return settings;
    }

    public Path confDir() {
        return confDir;
    }

    public void startJobManager() {
        jobManager.kill();
        writeConfiguration();
        ProcessHandle handle =
                launch(
                        jobManager,
                        "GET_JM_RESOURCE_PARAMS",
                        "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                        List.of(),
                        List.of());
        Wait.until(
                "the Flink JobManager",
                START_TIMEOUT,
                home.log(JOBMANAGER),
                handle,
                rest::isAnswering);
    }

    /** Starts a TaskManager and, once it registered, tells Prometheus where its metrics are. */
    public void startTaskManager(ManagedProcess taskManager) {
        taskManager.kill();
        scrapeTargets.pruneEnded();
        writeConfiguration();
        int reporterPort = freeTaskManagerReporterPort();
        ProcessHandle handle =
                launch(
                        taskManager,
                        "GET_TM_RESOURCE_PARAMS",
                        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                        TASKMANAGER_GC_OPTIONS,
                        List.of(
                                "-D",
                                "taskmanager.resource-id=" + taskManager.name(),
                                "-D",
                                "metrics.reporter.prom.port=" + reporterPort));
        Wait.until(
                "the Flink TaskManager " + taskManager.name(),
                START_TIMEOUT,
                home.log(taskManager.name()),
                handle,
                () ->
                        rest.registeredTaskManagerIds()
                                .filter(ids -> ids.contains(taskManager.name()))
                                .isPresent());
        scrapeTargets.register(ScrapeTargets.TASKMANAGER_JOB, reporterPort, handle);
    }

    /** Healthy once the JobManager has it registered; the note counts all of them. */
    public Health taskManagerHealth(ManagedProcess taskManager) {
        List<String> registered = rest.registeredTaskManagerIds().orElse(List.of());
        return new Health(
                registered.contains(taskManager.name()),
                registered.size() + "/" + taskManagers.size() + " TaskManagers registered");
    }

    public void stopTaskManager(ManagedProcess taskManager) {
        taskManager.stop(Signal.TERM, STOP_GRACE);
        scrapeTargets.pruneEnded();
    }

    public void stopJobManager() {
        jobManager.stop(Signal.TERM, STOP_GRACE);
    }

    /** The JVM options every Flink process of this cluster runs with (the CLI too). */
    List<String> commonJvmOptions(String logName) {
        List<String> options = new ArrayList<>(JAVA_17_OPTIONS);
        options.add("-Dlog.file=" + home.log(logName));
        options.add("-Dlog4j.configurationFile=" + confDir.resolve("log4j.properties"));
        // Flink's web frontend and blob store use java.io.tmpdir too: keep them inside the stack's
        // home.
        options.add("-Djava.io.tmpdir=" + home.data("flink").resolve("tmp"));
        return options;
    }

    private int freeTaskManagerReporterPort() {
        return IntStream.rangeClosed(settings.reporterFirst() + 1, settings.reporterLast())
                .filter(Ports::isFree)
                .findFirst()
                .orElseThrow(
                        () ->
                                new StackException(
                                        "no free Prometheus reporter port for a TaskManager in "
                                                + settings.reporterPorts()));
    }

    private ProcessHandle launch(
            ManagedProcess process,
            String resourceQuery,
            String entrypoint,
            List<String> jvmOptions,
            List<String> dynamicProperties) {
        List<String> resources = resourceParameters(resourceQuery);
        List<String> command = new ArrayList<>();
        command.add(Distribution.java());
        command.addAll(Arrays.asList(resources.get(0).trim().split("\\s+")));
        command.addAll(jvmOptions);
        command.addAll(commonJvmOptions(process.name()));
        command.addAll(
                List.of(
                        "-cp",
                        Distribution.classpathOf(distribution.flinkLib()),
                        entrypoint,
                        "--configDir",
                        confDir.toString()));
        command.addAll(Arrays.asList(resources.get(1).trim().split("\\s+")));
        command.addAll(dynamicProperties);
        return process.start(command, Map.of(), home.data("flink"));
    }

    /**
     * Flink derives heap, direct and metaspace sizes from the configured process size with
     * BashJavaUtils, as its start scripts do: the first line are JVM options, the second dynamic
     * properties ("-D key=value").
     */
    private List<String> resourceParameters(String query) {
        List<String> command =
                List.of(
                        Distribution.java(),
                        "-cp",
                        Distribution.classpathOf(distribution.flinkLib()),
                        "org.apache.flink.runtime.util.bash.BashJavaUtils",
                        query,
                        "--configDir",
                        confDir.toString());
        Command.Ended sized = Command.run(new ProcessBuilder(command), Duration.ofSeconds(60));
        String output = sized.output();
        if (!sized.succeeded()) {
            throw new StackException(
                    "Flink could not size its memory (" + sized.end() + "): " + output.strip());
        }
        List<String> results =
                output.lines()
                        .filter(line -> line.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                        .map(line -> line.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()))
                        .toList();
        if (results.size() < 2) {
            throw new StackException("unexpected BashJavaUtils output: " + output.strip());
        }
        return results;
    }

    /**
     * {@link #FAILURE_BEHAVIOUR} as top-level lines of config.yaml, sorted by key; plain scalars,
     * as docker-compose.yml and the FlinkDeployment write them: constants of this class that need
     * no quoting.
     */
    private static String failureBehaviourYaml() {
        return FAILURE_BEHAVIOUR.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(option -> option.getKey() + ": " + option.getValue())
                .collect(Collectors.joining("\n"));
    }

    void writeConfiguration() {
        Path data = home.data("flink");
        requireNamableByFlink(data);
        String yaml =
                """
                # Rendered by herdpulse at each start; edit the code in stack/, not this file.
                jobmanager:
                  rpc:
                    address: 127.0.0.1
                    port: %d
                  bind-host: 127.0.0.1
                  memory:
                    process:
                      size: 1024m
                taskmanager:
                  bind-host: 127.0.0.1
                  host: 127.0.0.1
                  numberOfTaskSlots: %d
                  memory:
                    process:
                      size: %s
                    # The job keeps its state on the heap; only RocksDB and batch jobs use managed
                    # memory, so the heap gets it (see TaskManagerMemory).
                    managed:
                      size: 64m
                parallelism:
                  default: %d
                # How the job survives failures: FlinkCluster.FAILURE_BEHAVIOUR, which
                # docker-compose.yml and the FlinkDeployment carry too.
                %s
                rest:
                  address: 127.0.0.1
                  bind-address: 127.0.0.1
                  port: %d
                  # The REST API answers job details and checkpoint statistics from caches that live
                  # web.refresh-interval (3 s by default): the supervisor's checkpoint after a restore
                  # (CheckpointAfterRestore) and status would see the tasks running up to 3 s late.
                  cache:
                    checkpoint-statistics:
                      timeout: 200 ms
                io:
                  tmp:
                    dirs: %s
                web:
                  refresh-interval: 200
                  tmpdir: %s
                  upload:
                    dir: %s
                blob:
                  storage:
                    directory: %s
                execution:
                  checkpointing:
                    storage: filesystem
                    dir: %s
                    savepoint-dir: %s
                metrics:
                  reporter:
                    prom:
                      factory:
                        class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory
                      port: %s
                """
                        .formatted(
                                settings.rpcPort(),
                                settings.taskSlots(),
                                YamlString.quoted(settings.taskManagerMemory().processSize()),
                                settings.taskSlots(),
                                failureBehaviourYaml(),
                                settings.restPort(),
                                directory(data.resolve("tmp")),
                                directory(data.resolve("web")),
                                directory(data.resolve("upload")),
                                directory(data.resolve("blobs")),
                                fileUri(data.resolve("checkpoints")),
                                fileUri(data.resolve("savepoints")),
                                YamlString.quoted(settings.reporterPorts()));
        String log4j =
                """
                # Flink's processes log to ${sys:log.file}, which the web UI shows; appended, so a crash's log survives a restart.
                monitorInterval = 30
                rootLogger.level = INFO
                rootLogger.appenderRef.file.ref = MainAppender
                appender.main.name = MainAppender
                appender.main.type = File
                appender.main.append = true
                appender.main.fileName = ${sys:log.file}
                appender.main.layout.type = PatternLayout
                appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
                logger.kafka.name = org.apache.kafka
                logger.kafka.level = WARN
                logger.pekko.name = org.apache.pekko
                logger.pekko.level = WARN
                # Flink 2.2's sink committer registers its pendingCommittables gauge again on every
                # checkpoint (CommittableCollector.copy), so each sink logged a "Name collision"
                # warning per checkpoint: about 8 lines every 5 s, the bulk of a TaskManager's log.
                logger.metricgroup.name = org.apache.flink.metrics.MetricGroup
                logger.metricgroup.level = ERROR
                """;
        write(confDir.resolve("config.yaml"), yaml);
        write(confDir.resolve("log4j.properties"), log4j);
        write(confDir.resolve("log4j-cli.properties"), log4j);
    }

    /**
     * Refuses a home whose path Flink cannot name, however config.yaml quotes it: Flink splits
     * io.tmp.dirs (and its default, java.io.tmpdir) at every comma and colon, and its Path, which
     * checkpoints and savepoints go through, reads a backslash as a slash. Such a home would have
     * the TaskManagers' temporary files and the job's state in directories outside it.
     */
    private static void requireNamableByFlink(Path data) {
        for (char c : List.of(',', ':', '\\')) {
            if (data.toString().indexOf(c) >= 0) {
                throw new StackException(
                        "Flink cannot use a stack home whose path holds '"
                                + c
                                + "' ("
                                + data
                                + "): it splits its temporary directories at ',' and ':' and"
                                + " takes '\\' for '/'; give HERDPULSE_HOME a path without them");
            }
        }
    }

    /** The directory, made if need be, as a quoted YAML value. */
    private static String directory(Path dir) {
        try {
            return YamlString.quoted(Files.createDirectories(dir).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The directory as the {@code file://} URI Flink's {@code Path} reads it from: unescaped, as
     * that escapes what it is given (see ResumePoints).
     */
    private static String fileUri(Path dir) {
        directory(dir);
        return YamlString.quoted("file://" + dir);
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
