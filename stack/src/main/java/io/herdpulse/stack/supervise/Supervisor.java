package io.herdpulse.stack.supervise;

import io.herdpulse.stack.Component;
import io.herdpulse.stack.StackHome;
import io.herdpulse.stack.StackLock;
import io.herdpulse.stack.flink.FlinkRest;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Brings back what died: once a second it looks at every supervised component and, in start order,
 * starts the first one that died (its process is gone but nobody stopped it), with a backoff per
 * component. One restart per round, in start order. A component waiting for its backoff, or for its
 * restart grace (a TaskManager while the standby runs), is passed over meanwhile: one that cannot
 * come back (its port taken, its data broken) does not keep the others down, except those that need
 * it, which wait until it runs again (the job for PostgreSQL, Kafka and the JobManager, a
 * TaskManager for the JobManager): their start would only fail, and hold up the rounds meanwhile.
 *
 * <p>What a user stopped is never restarted: stopping removes the component's pid file (or, for the
 * job, its "wanted" record), and only a component that still has one counts as dead.
 */
public final class Supervisor {
    public static final String NAME = "supervisor";
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

    /** How long a round waits for its looks; the usual look takes milliseconds. */
    static final Duration LOOK_WAIT = Duration.ofSeconds(2);

    private final List<Component> components;
    private final Map<String, Supplier<Duration>> restartGraces;
    private final Map<String, Set<String>> needs;
    private final StackHome home;
    private final SupervisorMetrics metrics;
    private final PrintStream log;
    private final Clock clock;
    private final Map<String, Backoff> backoffs = new HashMap<>();
    private final Map<String, Instant> deadSince = new HashMap<>();
    private final Map<String, Look> looking = new HashMap<>();

    /**
     * Found dead by their latest look: what needs one waits until a look finds it alive, also while
     * a slow look at it (a hung broker's probe) is still under way.
     */
    private final Set<String> foundDead = new HashSet<>();

    private long restarts;
    private final ExecutorService lookers =
            Executors.newCachedThreadPool(
                    runnable -> {
                        Thread thread = new Thread(runnable, "look");
                        thread.setDaemon(true);
                        return thread;
                    });

    /**
     * @param restartGraces how long a component (by name) stays dead before it is started again;
     *     none for the others
     * @param needs the components (by name) each one needs running before it is started again
     */
    Supervisor(
            List<Component> components,
            Map<String, Supplier<Duration>> restartGraces,
            Map<String, Set<String>> needs,
            StackHome home,
            SupervisorMetrics metrics,
            PrintStream log,
            Clock clock) {
        this.components = components;
        this.restartGraces = restartGraces;
        this.needs = needs;
        this.home = home;
        this.metrics = metrics;
        this.log = log;
        this.clock = clock;
        components.forEach(component -> metrics.watch(component.name()));
    }

    /**
     * @param metricsPort where its /metrics are served
     * @param ownRestarts how many times its keeper started it again, counted as its own restarts
     */
    public record Settings(int metricsPort, int ownRestarts) {}

    /**
     * Supervises until the process is told to stop (SIGTERM from {@code down}); meanwhile
     * checkpoints every job of {@code flink} as soon as it runs again after a restore ({@link
     * CheckpointAfterRestore}).
     */
    public static void run(
            List<Component> components,
            Map<String, Supplier<Duration>> restartGraces,
            Map<String, Set<String>> needs,
            StackHome home,
            Settings settings,
            FlinkRest flink,
            PrintStream log)
            throws InterruptedException {
        CheckpointAfterRestore checkpoints =
                new CheckpointAfterRestore(
                        CheckpointAfterRestore.Cluster.of(flink), log, Clock.systemUTC());
        ScheduledExecutorService watcher =
                Executors.newSingleThreadScheduledExecutor(
                        runnable -> {
                            Thread thread = new Thread(runnable, "checkpoint-after-restore");
                            thread.setDaemon(true);
                            return thread;
                        });
        watcher.scheduleWithFixedDelay(
                () -> {
                    try {
                        checkpoints.poll();
                    } catch (RuntimeException unexpected) {
                        log.println(
                                Instant.now()
                                        + " watching for restored jobs failed: "
                                        + unexpected);
                    }
                },
                0,
                CheckpointAfterRestore.POLL.toMillis(),
                TimeUnit.MILLISECONDS);
        try (SupervisorMetrics metrics =
                new SupervisorMetrics(settings.metricsPort(), home.root())) {
            metrics.restartedBefore(NAME, settings.ownRestarts());
            Supervisor supervisor =
                    new Supervisor(
                            components,
                            restartGraces,
                            needs,
                            home,
                            metrics,
                            log,
                            Clock.systemUTC());
            log.println(
                    Instant.now()
                            + " supervising "
                            + components.stream().map(Component::name).toList()
                            + "; metrics on 127.0.0.1:"
                            + settings.metricsPort());
            while (!Thread.currentThread().isInterrupted()) {
                supervisor.round();
                Thread.sleep(1_000);
            }
        } finally {
            watcher.shutdownNow();
        }
    }

    /**
     * One look at every component; restarts at most one. The looks run together, and one that has
     * not ended within {@link #LOOK_WAIT} is taken up again in a later round: a silent process can
     * keep its look waiting for seconds (a broker's probe up to 10 s), and that must not delay the
     * restart of another. A silent process is not dead by one look anyway; it is hung after a
     * minute of them ({@link Hung}). A look begun before a restart is not acted on after it.
     */
    void round() throws InterruptedException {
        List<Component> watched =
                components.stream()
                        .filter(component -> component.unavailable().get().isEmpty())
                        .toList();
        looking.keySet().retainAll(watched.stream().map(Component::name).toList());
        foundDead.retainAll(watched.stream().map(Component::name).toList());
        List<CompletableFuture<Boolean>> begun = new ArrayList<>();
        for (Component component : watched) {
            looking.computeIfAbsent(
                    component.name(),
                    name -> {
                        Look look =
                                new Look(
                                        restarts,
                                        CompletableFuture.supplyAsync(
                                                () -> lookAt(component), lookers));
                        begun.add(look.died());
                        return look;
                    });
        }
        awaitLooks(begun);
        for (Component component : watched) {
            Look look = looking.get(component.name());
            if (!look.died().isDone()) {
                continue;
            }
            looking.remove(component.name());
            if (look.restartsBefore() != restarts) {
                continue;
            }
            boolean died = look.died().join();
            metrics.state(component.name(), !died);
            if (died) {
                foundDead.add(component.name());
            } else {
                foundDead.remove(component.name());
            }
            Instant now = clock.instant();
            // One waiting for its grace or backoff does not keep those after it down: a broker that
            // cannot come back must not leave a dead TaskManager dead.
            if (died
                    && !waitsForOneItNeeds(component)
                    && !inGrace(component, now)
                    && restart(component)) {
                restarts++;
                return;
            }
            if (died) {
                continue;
            }
            deadSince.remove(component.name());
            backoffs.computeIfPresent(
                    component.name(), (name, backoff) -> backoff.forgivenAt(now) ? null : backoff);
        }
    }

    /** A look under way, begun after {@code restartsBefore} restarts by this supervisor. */
    private record Look(long restartsBefore, CompletableFuture<Boolean> died) {}

    /** Whether the component died; a look that fails says nothing, and is logged. */
    private boolean lookAt(Component component) {
        try {
            return component.died().getAsBoolean();
        } catch (RuntimeException failed) {
            log.println(clock.instant() + " looking at " + component.name() + " failed: " + failed);
            return false;
        }
    }

    private static void awaitLooks(List<CompletableFuture<Boolean>> begun)
            throws InterruptedException {
        try {
            CompletableFuture.allOf(begun.toArray(CompletableFuture<?>[]::new))
                    .get(LOOK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException slow) {
            // taken up again in a later round
        } catch (ExecutionException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }

    private boolean waitsForOneItNeeds(Component component) {
        return needs.getOrDefault(component.name(), Set.of()).stream()
                .anyMatch(foundDead::contains);
    }

    private boolean inGrace(Component component, Instant now) {
        Duration grace = restartGraces.getOrDefault(component.name(), () -> Duration.ZERO).get();
        if (grace.isZero()) {
            return false;
        }
        Instant found = deadSince.get(component.name());
        if (found == null) {
            deadSince.put(component.name(), now);
            log.println(
                    now
                            + " "
                            + component.name()
                            + " died; restarting it in "
                            + grace.toSeconds()
                            + " s, after the job's recovery on the standby");
            return true;
        }
        return now.isBefore(found.plus(grace));
    }

    /**
     * Restarts the component unless its backoff or a change under way forbids; whether it tried.
     */
    private boolean restart(Component component) {
        String name = component.name();
        Backoff backoff =
                backoffs.computeIfAbsent(name, any -> Backoff.fresh(FIRST_BACKOFF, MAX_BACKOFF));
        Instant now = clock.instant();
        if (!backoff.allows(now)) {
            return false;
        }
        // An up or down under way owns the stack: look again next round.
        Optional<StackLock> lock = StackLock.tryAcquire(home);
        if (lock.isEmpty()) {
            return false;
        }
        try (StackLock held = lock.get()) {
            Backoff attempted = backoff.attempted(now);
            backoffs.put(name, attempted);
            log.println(
                    clock.instant()
                            + " "
                            + name
                            + " died; restarting it (attempt "
                            + attempted.attempts()
                            + ")");
            long started = System.nanoTime();
            if (!component.running().getAsBoolean()) {
                // Its process is gone, so its ports are free unless a stranger took one; whatever
                // answers there then is no sign that ours is back (found by review, 2026-12-05).
                // A hung one still holds its own: its start kills it first.
                component.requireFreePorts();
            }
            component.start().run();
            metrics.restarted(name);
            metrics.state(name, true);
            log.println(
                    clock.instant()
                            + " "
                            + name
                            + " is back after "
                            + Duration.ofNanos(System.nanoTime() - started).toMillis()
                            + " ms");
            return true;
        } catch (RuntimeException failed) {
            metrics.restartFailed(name);
            log.println(
                    clock.instant()
                            + " restarting "
                            + name
                            + " failed: "
                            + failed.getMessage()
                            + "; next attempt in "
                            + backoffs.get(name).delay().toSeconds()
                            + " s");
            return true;
        }
    }
}
