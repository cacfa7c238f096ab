package io.herdpulse.stack;

import io.herdpulse.schema.Role;
import io.herdpulse.stack.flink.FlinkCli;
import io.herdpulse.stack.flink.FlinkCluster;
import io.herdpulse.stack.flink.JobDeployment;
import io.herdpulse.stack.flink.TaskManagerMemory;
import io.herdpulse.stack.kafka.KafkaBroker;
import io.herdpulse.stack.postgres.ExporterLogin;
import io.herdpulse.stack.postgres.PostgresServer;
import io.herdpulse.stack.process.HttpService;
import io.herdpulse.stack.process.Keeper;
import io.herdpulse.stack.process.ManagedProcess;
import io.herdpulse.stack.process.UnwindOnExit;
import io.herdpulse.stack.producer.ApiSource;
import io.herdpulse.stack.prometheus.PrometheusConfiguration;
import io.herdpulse.stack.prometheus.ScrapeTargets;
import io.herdpulse.stack.supervise.Hung;
import io.herdpulse.stack.supervise.Supervisor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The whole local stack, in start order: PostgreSQL, Kafka, the Flink JobManager and TaskManagers,
 * the job, the postgres exporter, Prometheus, the readings' source (the simulator, or the fake
 * vendor API and its poller) and the supervisor. {@code down} walks the same list backwards.
 */
public final class Stack {
    public static final String TOPIC = "cow-health-data";
    public static final int TOPIC_PARTITIONS = 4;

    /**
     * Records stamped by the broker as it appends them: the job counts FUTURE_TIMESTAMP from that
     * stamp, which a replay keeps (docs/job.md, "Exactly once, in effect").
     */
    public static final Map<String, String> TOPIC_CONFIG =
            Map.of("message.timestamp.type", "LogAppendTime");

    public static final String SIMULATOR = "simulator";

    /**
     * Two TaskManagers of 2 slots for a job of parallelism 2: one stands by, so when the other dies
     * the job restarts at once on its free slots instead of waiting for a new JVM to start. (Both
     * running the job, one slot each under the adaptive scheduler, recovered on a warm JVM but read
     * a backlog about a third slower: docs/operations.md.)
     */
    public static final int TASKMANAGERS = 2;

    static final int SLOTS_PER_TASKMANAGER = 2;

    /**
     * How long a dead TaskManager stays dead while another one runs. The job restores on the
     * standby's slots meanwhile; a TaskManager's start (Flink's memory sizing JVM, then its own)
     * takes about 10 s of CPU, which on two cores delayed that recovery by several seconds when
     * both happened at once (docs/operations.md). With no other TaskManager running it starts at
     * once: the job needs it.
     */
    static final Duration TASKMANAGER_RESTART_GRACE = Duration.ofSeconds(20);

    public static final String SUPERVISOR = Supervisor.NAME;

    /**
     * How long Ctrl-C during {@code up} waits for what it started to be stopped: longer than the
     * job's stop takes at worst (a savepoint the client gives up on after a minute, then a cancel
     * awaited for two).
     */
    private static final Duration STOP_ON_EXIT = Duration.ofMinutes(5);

    /** The HerdPulse job, as a component: {@code status}'s name for it. */
    public static final String JOB = "job";

    /**
     * How long the stack's simulator waits for a broker that is away (killed, hung, its disk full)
     * and keeps its readings, instead of failing with the first it cannot send after 15 s: nothing
     * restarts the simulator (it would send its backfill again), and the supervisor brings the
     * broker back.
     */
    private static final Duration SIMULATOR_PATIENCE = Duration.ofHours(24);

    private final Distribution distribution;
    private final StackHome home;
    private final PrintStream out;
    private final PostgresServer postgres;
    private final KafkaBroker kafka;
    private final FlinkCluster flink;
    private final FlinkCli flinkCli;
    private final JobDeployment job;
    private final List<Component> components;
    private final StackPorts ports;
    private final ScrapeTargets scrapeTargets;
    private final ApiSource apiSource;

    /** A stack whose TaskManagers get the size the last {@code up} recorded. */
    public Stack(Distribution distribution, StackHome home, StackPorts ports, PrintStream out) {
        this(
                distribution,
                home,
                ports,
                out,
                TaskManagerMemory.recordedIn(home)
                        .orElseGet(
                                () -> TaskManagerMemory.forHerd(TaskManagerMemory.DEFAULT_HERD)));
    }

    /** A stack whose TaskManager, when this stack starts it, has {@code taskManagerMemory}. */
    public Stack(
            Distribution distribution,
            StackHome home,
            StackPorts ports,
            PrintStream out,
            TaskManagerMemory taskManagerMemory) {
        this.distribution = distribution;
        this.home = home;
        this.ports = ports;
        this.out = out;
        this.scrapeTargets = ScrapeTargets.of(home);
        Secrets secrets = new Secrets(home.secrets(), System.getenv());
        this.postgres = new PostgresServer(home, secrets, ports.postgres());
        this.kafka =
                new KafkaBroker(
                        distribution,
                        home,
                        new KafkaBroker.Settings(
                                ports.kafka(),
                                ports.kafkaController(),
                                ports.kafkaJmxExporter(),
                                distribution.monitoring().resolve("kafka/jmx-exporter.yml")));
        this.flink =
                new FlinkCluster(
                        distribution,
                        home,
                        new FlinkCluster.Settings(
                                ports.flinkRest(),
                                ports.flinkRpc(),
                                ports.flinkReporterFirst(),
                                ports.flinkReporterLast(),
                                SLOTS_PER_TASKMANAGER,
                                TASKMANAGERS,
                                taskManagerMemory));
        this.flinkCli = new FlinkCli(distribution, home, flink);
        this.job =
                new JobDeployment(
                        distribution, home, flink, flinkCli, postgres, kafka.bootstrapServers());
        this.apiSource = new ApiSource(distribution, home, ports, kafka.bootstrapServers());
        this.components = buildComponents();
    }

    public List<Component> components() {
        return components;
    }

    private List<Component> buildComponents() {
        HttpService exporter = postgresExporter();
        HttpService prometheus = prometheus();
        HttpService simulator = simulator();
        HttpService fakeApi = apiSource.fakeApi();
        HttpService supervisor = supervisor();
        Runnable createTopic = () -> kafka.createTopic(TOPIC, TOPIC_PARTITIONS, TOPIC_CONFIG);
        List<Component> components = new ArrayList<>();
        components.addAll(
                List.of(
                        Component.ofProcess(
                                        PostgresServer.NAME,
                                        "127.0.0.1:" + ports.postgres(),
                                        List.of(ports.postgres()),
                                        postgres.process(),
                                        postgres::start,
                                        postgres::isHealthy,
                                        postgres::stop)
                                .completedBy(postgres::completeStart)
                                .deadWhenHung(
                                        hungWhen(
                                                postgres.process(),
                                                PostgresServer.START_TIMEOUT,
                                                () -> !postgres.answers())),
                        Component.ofProcess(
                                        KafkaBroker.NAME,
                                        kafka.bootstrapServers(),
                                        List.of(
                                                ports.kafka(),
                                                ports.kafkaController(),
                                                ports.kafkaJmxExporter()),
                                        kafka.process(),
                                        () -> {
                                            kafka.start();
                                            createTopic.run();
                                        },
                                        kafka::isHealthy,
                                        kafka::stop)
                                .completedBy(
                                        () -> {
                                            kafka.awaitHealthy();
                                            createTopic.run();
                                        })
                                .deadWhenHung(
                                        hungWhen(
                                                kafka.process(),
                                                KafkaBroker.START_TIMEOUT,
                                                () -> !kafka.answers())),
                        Component.ofProcess(
                                        FlinkCluster.JOBMANAGER,
                                        flink.rest().url(),
                                        List.of(
                                                ports.flinkRest(),
                                                ports.flinkRpc(),
                                                ports.flinkReporterFirst()),
                                        flink.jobManager(),
                                        flink::startJobManager,
                                        flink.rest()::isAnswering,
                                        flink::stopJobManager)
                                .deadWhenHung(
                                        hungWhen(
                                                flink.jobManager(),
                                                FlinkCluster.START_TIMEOUT,
                                                () -> !flink.rest().isAnswering()))));
        for (ManagedProcess taskManager : flink.taskManagers()) {
            components.add(
                    Component.ofProcess(
                                    taskManager.name(),
                                    "web UI: Task Managers",
                                    List.of(),
                                    taskManager,
                                    () -> flink.startTaskManager(taskManager),
                                    () -> true,
                                    () -> flink.stopTaskManager(taskManager))
                            .withHealth(() -> flink.taskManagerHealth(taskManager))
                            .deadWhenHung(
                                    hungWhen(
                                            taskManager,
                                            FlinkCluster.START_TIMEOUT,
                                            () ->
                                                    flink.rest()
                                                            .answersWithout(taskManager.name()))));
        }
        components.addAll(
                List.of(
                        new Component(
                                JOB,
                                flink.rest().url() + "/#/job/running",
                                List.of(),
                                () -> job.activeJob().isPresent(),
                                job::died,
                                () -> job.activeJob().map(active -> active.id()).orElse("-"),
                                job::submit,
                                () -> {},
                                job::health,
                                job::stop,
                                Optional::empty,
                                false),
                        Component.ofProcess(
                                        "postgres-exporter",
                                        "http://127.0.0.1:" + ports.postgresExporter() + "/metrics",
                                        List.of(ports.postgresExporter()),
                                        exporter.process(),
                                        exporter::start,
                                        exporter::isHealthy,
                                        exporter::stop)
                                .unavailableWhen(
                                        () -> missingBinary("prometheus-postgres-exporter")),
                        Component.ofProcess(
                                        "prometheus",
                                        "http://127.0.0.1:" + ports.prometheus(),
                                        List.of(ports.prometheus()),
                                        prometheus.process(),
                                        prometheus::start,
                                        prometheus::isHealthy,
                                        prometheus::stop)
                                .unavailableWhen(() -> missingBinary("prometheus")),
                        scrapedProducer(simulator),
                        Component.ofProcess(
                                        ApiSource.FAKE_API,
                                        apiSource.readingsUrl(),
                                        List.of(ports.fakeApi()),
                                        fakeApi.process(),
                                        fakeApi::start,
                                        fakeApi::isHealthy,
                                        fakeApi::stop)
                                .asOptional(),
                        scrapedProducer(apiSource.poller()),
                        Component.ofProcess(
                                SUPERVISOR,
                                "http://127.0.0.1:" + ports.supervisorMetrics() + "/metrics",
                                List.of(ports.supervisorMetrics()),
                                supervisor.process(),
                                () -> startOrStop(supervisor),
                                supervisor::isHealthy,
                                supervisor::stop)));
        return List.copyOf(components);
    }

    /**
     * Starts the supervisor; one that does not come up is stopped, keeper and all, or its keeper
     * would start it again for ever while {@code up} took it for running.
     */
    private static void startOrStop(HttpService supervisor) {
        try {
            supervisor.start();
        } catch (RuntimeException notUp) {
            supervisor.stop();
            throw notUp;
        }
    }

    /**
     * How long the supervisor lets each component stay dead before starting it again, by name: only
     * a TaskManager while another one runs waits ({@link #TASKMANAGER_RESTART_GRACE}).
     */
    public Map<String, Supplier<Duration>> restartGraces() {
        Map<String, Supplier<Duration>> graces = new HashMap<>();
        for (ManagedProcess taskManager : flink.taskManagers()) {
            graces.put(
                    taskManager.name(),
                    () -> {
                        boolean anotherRuns =
                                flink.taskManagers().stream()
                                        .anyMatch(
                                                other ->
                                                        other != taskManager
                                                                && other.running().isPresent());
                        return anotherRuns ? TASKMANAGER_RESTART_GRACE : Duration.ZERO;
                    });
        }
        return graces;
    }

    /**
     * What each component needs running before the supervisor starts it again: a start without it
     * would only fail, after waiting for it (the job's for minutes).
     */
    public Map<String, Set<String>> restartNeeds() {
        Map<String, Set<String>> needs = new HashMap<>();
        for (ManagedProcess taskManager : flink.taskManagers()) {
            needs.put(taskManager.name(), Set.of(FlinkCluster.JOBMANAGER));
        }
        needs.put(JOB, Set.of(PostgresServer.NAME, KafkaBroker.NAME, FlinkCluster.JOBMANAGER));
        return needs;
    }

    /**
     * A producer the stack runs with /metrics on the stack's producer port, announced to Prometheus
     * while it runs.
     */
    private Component scrapedProducer(HttpService producer) {
        return Component.ofProcess(
                        producer.name(),
                        "http://127.0.0.1:" + ports.producerMetrics() + "/metrics",
                        List.of(ports.producerMetrics()),
                        producer.process(),
                        () -> {
                            producer.start();
                            scrapeTargets.register(
                                    ScrapeTargets.PRODUCER_JOB,
                                    ports.producerMetrics(),
                                    producer.running().orElseThrow());
                        },
                        producer::isHealthy,
                        () -> {
                            producer.stop();
                            scrapeTargets.pruneEnded();
                        })
                .asOptional();
    }

    /**
     * Whether {@code process} runs but has failed every look for {@link Hung#LIMIT}; before it has
     * passed one, counted from no earlier than the end of its start ({@code starting}).
     */
    private static BooleanSupplier hungWhen(
            ManagedProcess process, Duration starting, BooleanSupplier wanting) {
        Hung hung = new Hung(Clock.systemUTC(), starting);
        return () -> {
            Optional<Hung.Seen> seen =
                    process.running()
                            .map(
                                    handle ->
                                            new Hung.Seen(
                                                    handle.pid(),
                                                    handle.info()
                                                            .startInstant()
                                                            .orElse(Instant.EPOCH)));
            return hung.hung(seen, seen.isPresent() && wanting.getAsBoolean());
        };
    }

    /**
     * What the supervisor brings back when it dies: every component but the simulator (a restarted
     * simulator would send its backfill again) and the supervisor itself.
     */
    public List<Component> supervised() {
        return components.stream()
                .filter(component -> !List.of(SIMULATOR, SUPERVISOR).contains(component.name()))
                .toList();
    }

    public StackHome home() {
        return home;
    }

    /**
     * Starts whatever is not running yet, in order. On failure stops what this call started, so no
     * half stack is left behind, and rethrows.
     */
    public void up(ReadingSource source) {
        up(source, Set.of());
    }

    /**
     * {@link #up(ReadingSource)} without the components named too (the benchmark runs its own jobs,
     * so it starts no job).
     */
    public void up(ReadingSource source, Set<String> without) {
        out.println("HerdPulse stack in " + home.root());
        out.println("  " + flink.settings().taskManagerMemory().describe());
        scrapeTargets.pruneEnded();
        // Ctrl-C too: the exit waits until what this start began is stopped again.
        try (UnwindOnExit interrupt = new UnwindOnExit("up-interrupted", STOP_ON_EXIT, () -> {})) {
            startAll(source, without);
        }
        printWhereToLook();
    }

    private void startAll(ReadingSource source, Set<String> without) {
        List<Component> started = new ArrayList<>();
        try (StackLock lock = StackLock.acquire(home)) {
            requireNoOtherSource(source, without, components);
            recordTaskManagerSize();
            for (Component component : components) {
                if (source.excludes(component.name()) || without.contains(component.name())) {
                    continue;
                }
                Optional<String> unavailable = component.unavailable().get();
                if (unavailable.isPresent()) {
                    report(component, "skipped: " + unavailable.get());
                } else if (component.running().getAsBoolean()) {
                    component.complete().run();
                    report(component, "already running");
                } else {
                    component.requireFreePorts();
                    // Before its start ends: one cut short runs, and a broker without its topic
                    // or a PostgreSQL without its database would be "already running" to the
                    // next up (found by review, 2026-12-05).
                    started.add(component);
                    component.start().run();
                    report(component, "started");
                }
            }
        } catch (RuntimeException failure) {
            // Interrupted, the stops must still wait for what they stop.
            boolean interrupted = Thread.interrupted();
            out.println("Stopping what this start began…");
            try {
                stopAll(reversed(started), out);
            } catch (StackException notStopped) {
                failure.addSuppressed(notStopped);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            throw failure;
        }
    }

    /**
     * Stops every component of ours, in reverse start order; with {@code purge}, deletes the data
     * too.
     */
    public void down(boolean purge) {
        try (StackLock lock = StackLock.acquire(home)) {
            stopAll(reversed(components), out);
            if (purge) {
                purge(home, StackLock.file(home));
                out.println("Deleted everything in " + home.root());
            }
        }
    }

    /**
     * Deletes everything in the home but the lock file, under the lock: an {@code up} waiting for
     * it then starts on an empty home, not in one being deleted under it, and no third process
     * locks a new lock file beside the one deleted. Each entry is renamed away first, so a {@code
     * status} creating its directories meanwhile creates them afresh instead of failing the
     * deletion (found by review, 2026-12-06: a purge beside a running {@code watch status} failed
     * 18 times in 20).
     */
    static void purge(StackHome home, Path lockFile) {
        Path root = home.root();
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.toList()) {
                if (lockFile.startsWith(entry)) {
                    purgeAllBut(entry, lockFile);
                } else {
                    Path doomed =
                            root.resolve(
                                    ".purging-" + entry.getFileName() + "-" + System.nanoTime());
                    Files.move(entry, doomed, StandardCopyOption.ATOMIC_MOVE);
                    deleteRecursively(doomed);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new StackException("cannot delete everything in " + root + ": " + e, e);
        }
    }

    private static void purgeAllBut(Path directory, Path kept) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.toList()) {
                if (!kept.startsWith(entry)) {
                    deleteRecursively(entry);
                } else if (!entry.equals(kept)) {
                    purgeAllBut(entry, kept);
                }
            }
        }
    }

    /**
     * Prints each component's state; returns whether every required, available component is
     * healthy. A component that died (and is not back yet) says so: it is not merely stopped.
     */
    public boolean status() {
        boolean healthy = true;
        String format = "%-20s %-12s %-10s %-40s %s%n";
        out.printf(format, "COMPONENT", "ID", "STATE", "ENDPOINT", "NOTE");
        for (Component component : components) {
            String state;
            String note = "";
            if (component.unavailable().get().isPresent()) {
                state = "not installed";
            } else if (component.died().getAsBoolean()) {
                state = "DIED";
                note =
                        (supervised().contains(component) && supervisorRuns()
                                        ? "the supervisor restarts it; see "
                                        : "nothing restarts it but bin/herdpulse up; see ")
                                + home.root().resolve("logs");
                healthy = false;
            } else if (!component.running().getAsBoolean()) {
                state = "stopped";
                healthy &= component.optional();
            } else {
                Health health = component.health().get();
                state = health.healthy() ? "healthy" : "UNHEALTHY";
                note = health.note();
                healthy &= health.healthy();
            }
            out.printf(
                    format,
                    component.name(),
                    component.id().get(),
                    state,
                    component.endpoint(),
                    note);
        }
        return healthy;
    }

    private boolean supervisorRuns() {
        return components.stream()
                .filter(component -> component.name().equals(SUPERVISOR))
                .anyMatch(component -> component.running().getAsBoolean());
    }

    public FlinkCli flinkCli() {
        return flinkCli;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public FlinkCluster flink() {
        return flink;
    }

    public JobDeployment job() {
        return job;
    }

    public Distribution distribution() {
        return distribution;
    }

    public StackPorts ports() {
        return ports;
    }

    public ScrapeTargets scrapeTargets() {
        return scrapeTargets;
    }

    /**
     * Records the size this {@code up} gives the TaskManagers, which every later start reads
     * ({@link TaskManagerMemory#recordedIn}); refuses another size while one of them runs, as a
     * TaskManager started again would then differ from the other, the mix the record is there to
     * prevent (found by review, 2026-12-06).
     */
    private void recordTaskManagerSize() {
        TaskManagerMemory size = flink.settings().taskManagerMemory();
        requireSizeOfTheRunning(
                size,
                TaskManagerMemory.recordedIn(home),
                flink.taskManagers().stream().anyMatch(tm -> tm.running().isPresent()));
        size.recordIn(home);
    }

    static void requireSizeOfTheRunning(
            TaskManagerMemory size, Optional<TaskManagerMemory> recorded, boolean running) {
        if (running && recorded.isPresent() && !recorded.get().equals(size)) {
            throw new StackException(
                    "the TaskManagers run with "
                            + recorded.get().describe()
                            + ": bin/herdpulse down, then up with the new size");
        }
    }

    /**
     * Refuses to start a source of readings while another one runs: both would write the herd's
     * readings, and they share ports, so the start failed with "port in use by another process",
     * which the stack's own poller or simulator held (found by review, 2026-12-06).
     */
    static void requireNoOtherSource(
            ReadingSource source, Set<String> without, List<Component> components) {
        boolean startsOne =
                components.stream()
                        .anyMatch(
                                component ->
                                        source.owns(component.name())
                                                && !without.contains(component.name())
                                                && !component.running().getAsBoolean());
        Optional<Component> other =
                components.stream()
                        .filter(component -> source.excludes(component.name()))
                        .filter(component -> component.running().getAsBoolean())
                        .findFirst();
        if (startsOne && other.isPresent()) {
            throw new StackException(
                    "the readings come from "
                            + other.get().name()
                            + ", which an earlier up started: run bin/herdpulse down before up"
                            + " --source "
                            + source.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /**
     * Stops each in turn. One that cannot be stopped (a full disk fails the job's savepoint or a
     * log's write) must not leave the rest running with nothing watching them: the supervisor is
     * stopped first.
     *
     * @throws StackException naming those that could not be stopped, after trying every one
     */
    static void stopAll(List<Component> inReverseOrder, PrintStream out) {
        List<String> notStopped = new ArrayList<>();
        for (Component component : inReverseOrder) {
            // A component that died is stopped too: that forgets it, so nothing restarts it.
            if (component.running().getAsBoolean() || component.died().getAsBoolean()) {
                try {
                    component.stop().run();
                    report(out, component, "stopped");
                } catch (RuntimeException failure) {
                    report(out, component, "NOT STOPPED: " + failure.getMessage());
                    notStopped.add(component.name());
                }
            }
        }
        if (!notStopped.isEmpty()) {
            throw new StackException(
                    "could not stop "
                            + String.join(", ", notStopped)
                            + " (why above); the rest is stopped: run bin/herdpulse down again"
                            + " once that is mended");
        }
    }

    private static List<Component> reversed(List<Component> inStartOrder) {
        List<Component> reversed = new ArrayList<>(inStartOrder);
        Collections.reverse(reversed);
        return reversed;
    }

    private void report(Component component, String what) {
        report(out, component, what);
    }

    private static void report(PrintStream out, Component component, String what) {
        out.printf("  %-20s %-16s %s%n", component.name(), what, component.endpoint());
    }

    private void printWhereToLook() {
        out.println();
        out.println("Flink web UI   " + flink.rest().url());
        out.println("Prometheus     http://127.0.0.1:" + ports.prometheus());
        out.println(
                "PostgreSQL     bin/herdpulse psql   (read-only role "
                        + Role.READER.roleName()
                        + ")");
        out.println("Kafka          " + kafka.bootstrapServers() + "   topic " + TOPIC);
        out.println("Logs           " + home.root().resolve("logs"));
        out.println("Stop           bin/herdpulse down   (--purge also deletes the data)");
    }

    private HttpService postgresExporter() {
        return new HttpService(
                "postgres-exporter",
                home,
                () ->
                        List.of(
                                binary("prometheus-postgres-exporter").toString(),
                                "--web.listen-address=127.0.0.1:" + ports.postgresExporter(),
                                // Per-table rows and sizes for the pipeline dashboard.
                                "--extend.query-path="
                                        + Distribution.require(
                                                distribution
                                                        .monitoring()
                                                        .resolve("postgres/queries.yml"))),
                () ->
                        ExporterLogin.environment(
                                Role.MONITOR.roleName(),
                                postgres.password(Role.MONITOR),
                                ports.postgres(),
                                PostgresServer.DATABASE),
                "http://127.0.0.1:" + ports.postgresExporter() + "/metrics",
                body -> body.contains("\npg_up 1"));
    }

    private HttpService prometheus() {
        return new HttpService(
                "prometheus",
                home,
                () ->
                        List.of(
                                binary("prometheus").toString(),
                                "--config.file="
                                        + PrometheusConfiguration.prepare(distribution, home),
                                "--storage.tsdb.path=" + home.data("prometheus"),
                                "--web.listen-address=127.0.0.1:" + ports.prometheus()),
                Map::of,
                "http://127.0.0.1:" + ports.prometheus() + "/-/ready",
                body -> true);
    }

    /** The supervisor: this same jar, {@code herdpulse supervise}, left running by {@code up}. */
    private HttpService supervisor() {
        String metrics = "http://127.0.0.1:" + ports.supervisorMetrics() + "/metrics";
        return new HttpService(
                SUPERVISOR,
                home,
                () ->
                        Keeper.around(
                                SUPERVISOR,
                                List.of(
                                        Distribution.java(),
                                        "-Xmx64m",
                                        // Out of memory, it would limp on: better dead and kept.
                                        "-XX:+ExitOnOutOfMemoryError",
                                        "-Dherdpulse.root=" + distribution.root(),
                                        "-jar",
                                        Distribution.require(distribution.stackJar()).toString(),
                                        "supervise")),
                () -> Map.of("HERDPULSE_HOME", home.root().toString()),
                metrics,
                body -> body.contains("herdpulse_stack_restarts_total"));
    }

    private HttpService simulator() {
        return new HttpService(
                SIMULATOR,
                home,
                () ->
                        List.of(
                                Distribution.java(),
                                "-Xmx256m",
                                "-jar",
                                Distribution.require(distribution.producerJar()).toString(),
                                "simulate",
                                "--bootstrap-servers",
                                kafka.bootstrapServers(),
                                "--farms",
                                "2",
                                "--animals",
                                "50",
                                "--start",
                                "-P7D",
                                "--connect-timeout",
                                SIMULATOR_PATIENCE.toString(),
                                "--delivery-timeout",
                                SIMULATOR_PATIENCE.toString(),
                                "--metrics-port",
                                Integer.toString(ports.producerMetrics())),
                Map::of,
                "http://127.0.0.1:" + ports.producerMetrics() + "/metrics",
                body -> true);
    }

    private static Optional<String> missingBinary(String name) {
        return findBinary(name).isPresent()
                ? Optional.empty()
                : Optional.of(name + " is not installed (apt-get install " + name + ")");
    }

    private static Path binary(String name) {
        return findBinary(name).orElseThrow(() -> new StackException(name + " is not installed"));
    }

    private static Optional<Path> findBinary(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Deletes a directory and everything in it, if it exists. */
    public static void deleteRecursively(Path root) {
        // A dangling link is there to delete too.
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
