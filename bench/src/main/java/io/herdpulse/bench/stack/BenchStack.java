package io.herdpulse.bench.stack;

import io.herdpulse.bench.Progress;
import io.herdpulse.schema.Role;
import io.herdpulse.stack.Component;
import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.ReadingSource;
import io.herdpulse.stack.Stack;
import io.herdpulse.stack.StackException;
import io.herdpulse.stack.StackHome;
import io.herdpulse.stack.StackPorts;
import io.herdpulse.stack.flink.FlinkRest;
import io.herdpulse.stack.postgres.PostgresServer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * The local stack for the length of a benchmark, started by the same code as {@code bin/herdpulse
 * up}: every component but the simulator, the supervisor and the stack's own HerdPulse job, since
 * the benchmark submits its own jobs (a running supervisor and job are stopped, the job with a
 * savepoint as {@code down} stops it, and started again afterwards: the job would hold the task
 * slots, and the supervisor would resubmit it). Every topic, database, Flink job and checkpoint
 * directory the benchmark makes is removed again, and what this session started is stopped; what
 * was running before is left running.
 */
public final class BenchStack implements AutoCloseable {
    /** Stopped while the benchmark runs, in this order, and started again afterwards. */
    private static final List<String> PAUSED = List.of(Stack.SUPERVISOR, Stack.JOB);

    private final Stack stack;
    private final Progress progress;
    private final List<Component> startedHere = new ArrayList<>();
    private final List<String> topics = new ArrayList<>();
    private final List<String> databases = new ArrayList<>();
    private final FlinkJobs jobs;
    private final List<Component> resumed = new ArrayList<>();

    private BenchStack(Stack stack, Progress progress) {
        this.stack = stack;
        this.progress = progress;
        this.jobs = new FlinkJobs(stack, progress);
    }

    /** Starts what is not running yet (everything but the simulator) and frees the task slots. */
    public static BenchStack open(Progress progress) {
        Distribution distribution = Distribution.locate();
        StackHome home = StackHome.of(distribution);
        // The stack's own report of each component goes to the stack's log, not the benchmark's
        // terminal: progress lines say what happens.
        Stack stack =
                new Stack(
                        distribution,
                        home,
                        StackPorts.defaults(),
                        new PrintStream(OutputStream.nullOutputStream()));
        BenchStack session = new BenchStack(stack, progress);
        try {
            session.up();
        } catch (RuntimeException failure) {
            session.close();
            throw failure;
        }
        return session;
    }

    private void up() {
        List<Component> before =
                stack.components().stream().filter(c -> c.running().getAsBoolean()).toList();
        // The supervisor would resubmit the stack's job, which would take the task slots: both
        // pause (the job with a savepoint, as down stops it) and come back when the bench ends.
        for (String name : PAUSED) {
            Component component = component(name);
            if (component.running().getAsBoolean()) {
                progress.step("stack: stopping %s for the benchmark", name);
                component.stop().run();
                resumed.add(0, component);
            }
        }
        progress.step("stack: starting what is not running (bin/herdpulse up --no-simulator)");
        stack.up(ReadingSource.NONE, Set.copyOf(PAUSED));
        for (Component component : stack.components()) {
            if (!before.contains(component) && component.running().getAsBoolean()) {
                startedHere.add(component);
            }
        }
        jobs.cancelAll(); // left by a benchmark killed before it could clean up
        progress.step("stack: ready; Flink web UI %s", flink().url());
    }

    public FlinkJobs jobs() {
        return jobs;
    }

    public FlinkRest flink() {
        return stack.flink().rest();
    }

    public Distribution distribution() {
        return stack.distribution();
    }

    public String bootstrapServers() {
        return stack.kafka().bootstrapServers();
    }

    public PostgresServer postgres() {
        return stack.postgres();
    }

    public String password(Role role) {
        return stack.postgres().password(role);
    }

    /**
     * A new, empty topic of the stack's partition count, removed when the session closes (one a
     * killed benchmark left is replaced).
     */
    public String topic(String name, Map<String, String> config) {
        topics.add(name);
        stack.kafka().replaceTopic(name, Stack.TOPIC_PARTITIONS, config);
        return name;
    }

    /**
     * A migrated, empty database of its own, dropped when the session closes (and first, if a
     * killed benchmark left it); returns its JDBC URL.
     */
    public String database(String name) {
        databases.add(name);
        stack.postgres().dropDatabase(name);
        return stack.postgres().createDatabase(name);
    }

    public void dropDatabase(String name) {
        stack.postgres().dropDatabase(name);
        databases.remove(name);
    }

    public void deleteTopic(String name) {
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(name)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new StackException("cannot delete topic " + name + ": " + e, e);
        }
        topics.remove(name);
    }

    /** Where the cluster keeps a job's checkpoints (config.yaml's checkpoint directory). */
    public Path checkpointsOf(String jobId) {
        return stack.home().root().resolve("data/flink/checkpoints").resolve(jobId);
    }

    /** Removes everything this session made and stops what it started, whatever failed before. */
    @Override
    public void close() {
        // Interrupted (Ctrl-C), the benchmark still cleans up: every wait below would fail at once.
        boolean interrupted = Thread.interrupted();
        try {
            cleanUp();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void cleanUp() {
        List<Runnable> cleanups = new ArrayList<>();
        cleanups.add(jobs::cancelAll);
        for (String topic : List.copyOf(topics)) {
            cleanups.add(() -> deleteTopic(topic));
        }
        for (String database : List.copyOf(databases)) {
            cleanups.add(() -> dropDatabase(database));
        }
        for (String jobId : jobs.submitted()) {
            cleanups.add(() -> Stack.deleteRecursively(checkpointsOf(jobId)));
        }
        for (Component component : resumed) {
            cleanups.add(
                    () -> {
                        progress.step("stack: starting %s again", component.name());
                        component.start().run();
                    });
        }
        List<Component> reversed = new ArrayList<>(startedHere);
        Collections.reverse(reversed);
        for (Component component : reversed) {
            cleanups.add(
                    () -> {
                        if (component.running().getAsBoolean()) {
                            component.stop().run();
                        }
                    });
        }
        if (!startedHere.isEmpty()) {
            cleanups.add(() -> progress.step("stack: stopped what the benchmark started"));
        }
        RuntimeException first = null;
        for (Runnable cleanup : cleanups) {
            try {
                cleanup.run();
            } catch (RuntimeException failure) {
                progress.step("cleanup failed: %s", failure.getMessage());
                first = first == null ? failure : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private Component component(String name) {
        return stack.components().stream()
                .filter(component -> component.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private Admin admin() {
        return stack.kafka().admin();
    }
}
