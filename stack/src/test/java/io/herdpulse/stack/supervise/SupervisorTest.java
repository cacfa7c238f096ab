package io.herdpulse.stack.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herdpulse.stack.Component;
import io.herdpulse.stack.Health;
import io.herdpulse.stack.StackHome;
import io.herdpulse.stack.StackLock;
import io.herdpulse.stack.process.Http;
import io.herdpulse.stack.process.ManagedProcess;
import io.herdpulse.stack.process.Signal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor on real processes: killed ones come back, stopped ones stay stopped. */
class SupervisorTest {
    @TempDir Path dir;

    private StackHome home;
    private ManagedProcess sleeper;
    private SupervisorMetrics metrics;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private Supervisor supervisor;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T01:00:00Z"));

    @BeforeEach
    void startASupervisedProcess() {
        home = new StackHome(dir);
        sleeper = new ManagedProcess("sleeper", home.pidFile("sleeper"), home.log("sleeper"));
        supervise(Map.of());
    }

    private Component sleeperComponent() {
        return Component.ofProcess(
                "sleeper",
                "-",
                List.of(),
                sleeper,
                () -> sleeper.start(List.of("sleep", "600"), Map.of(), dir),
                () -> true,
                () -> sleeper.stop(Signal.TERM, Duration.ofSeconds(5)));
    }

    private void supervise(Map<String, Supplier<Duration>> restartGraces) {
        Component component = sleeperComponent();
        if (metrics != null) {
            metrics.close();
        }
        if (sleeper.running().isEmpty()) {
            component.start().run();
        }
        metrics = new SupervisorMetrics(0, dir);
        supervisor =
                new Supervisor(
                        List.of(component),
                        restartGraces,
                        Map.of(),
                        home,
                        metrics,
                        new PrintStream(log, true, StandardCharsets.UTF_8),
                        clock);
    }

    @AfterEach
    void stopEverything() {
        sleeper.running().ifPresent(ProcessHandle::destroyForcibly);
        sleeper.stop(Signal.TERM, Duration.ofSeconds(5));
        metrics.close();
    }

    @Test
    void aKilledProcessIsStartedAgainAndCounted() throws Exception {
        long firstPid = kill();

        supervisor.round();

        assertThat(sleeper.running())
                .hasValueSatisfying(process -> assertThat(process.pid()).isNotEqualTo(firstPid));
        assertThat(scrape()).contains("herdpulse_stack_restarts_total{component=\"sleeper\"} 1.0");
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("sleeper died; restarting it (attempt 1)")
                .contains("sleeper is back");
    }

    @Test
    void aDeadProcessWhosePortAStrangerTookIsNotTakenForBackButCountedAsAFailedRestart()
            throws Exception {
        try (ServerSocket stranger = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = stranger.getLocalPort();
            AtomicInteger starts = new AtomicInteger();
            Component listening =
                    Component.ofProcess(
                            "sleeper",
                            "-",
                            List.of(port),
                            sleeper,
                            () -> {
                                starts.incrementAndGet();
                                sleeper.start(List.of("sleep", "600"), Map.of(), dir);
                            },
                            () -> true,
                            () -> sleeper.stop(Signal.TERM, Duration.ofSeconds(5)));
            supervisor =
                    new Supervisor(
                            List.of(listening),
                            Map.of(),
                            Map.of(),
                            home,
                            metrics,
                            new PrintStream(log, true, StandardCharsets.UTF_8),
                            clock);
            kill();

            supervisor.round();

            assertThat(starts).hasValue(0);
            assertThat(sleeper.running()).isEmpty();
            assertThat(scrape())
                    .contains("herdpulse_stack_restart_failures_total{component=\"sleeper\"} 1.0")
                    .doesNotContain("herdpulse_stack_restarts_total{component=\"sleeper\"} 1.0");
            assertThat(log.toString(StandardCharsets.UTF_8))
                    .contains(
                            "restarting sleeper failed: port "
                                    + port
                                    + " needed by sleeper is in use by another process");
        }
    }

    @Test
    void aProcessWithARestartGraceStaysDeadThatLongThenComesBack() throws Exception {
        supervise(Map.of("sleeper", () -> Duration.ofSeconds(20)));
        long firstPid = kill();

        supervisor.round();
        clock.advance(Duration.ofSeconds(19));
        supervisor.round();

        assertThat(sleeper.running()).isEmpty();
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("sleeper died; restarting it in 20 s");
        clock.advance(Duration.ofSeconds(1));
        supervisor.round();

        assertThat(sleeper.running())
                .hasValueSatisfying(process -> assertThat(process.pid()).isNotEqualTo(firstPid));
        assertThat(scrape()).contains("herdpulse_stack_restarts_total{component=\"sleeper\"} 1.0");
    }

    @Test
    void aGraceThatEndsWhileItIsDeadRestartsItAtOnce() throws Exception {
        // The standby TaskManager dying during the grace: the job now needs this one.
        AtomicReference<Duration> grace = new AtomicReference<>(Duration.ofSeconds(20));
        supervise(Map.of("sleeper", grace::get));
        long firstPid = kill();

        supervisor.round();
        assertThat(sleeper.running()).isEmpty();
        grace.set(Duration.ZERO);
        supervisor.round();

        assertThat(sleeper.running())
                .hasValueSatisfying(process -> assertThat(process.pid()).isNotEqualTo(firstPid));
    }

    @Test
    void aProcessTheUserStoppedStaysStopped() throws Exception {
        sleeper.stop(Signal.TERM, Duration.ofSeconds(5));

        supervisor.round();

        assertThat(sleeper.running()).isEmpty();
        assertThat(scrape()).contains("herdpulse_stack_restarts_total{component=\"sleeper\"} 0.0");
    }

    @Test
    void nothingIsRestartedWhileUpOrDownHoldsTheStack() throws Exception {
        long firstPid = kill();

        try (StackLock upIsRunning = StackLock.acquire(home)) {
            supervisor.round();
            assertThat(sleeper.running()).isEmpty();
        }
        supervisor.round();

        assertThat(sleeper.running())
                .hasValueSatisfying(process -> assertThat(process.pid()).isNotEqualTo(firstPid));
    }

    @Test
    void aSilentLookDoesNotDelayTheRestartOfAnotherComponent() throws Exception {
        // A hung broker's probe waits for seconds; the sleeper after it in start order died
        // meanwhile.
        CountDownLatch answers = new CountDownLatch(1);
        AtomicInteger looksAtTheSilentOne = new AtomicInteger();
        Component silent =
                looked(
                        "silent",
                        () -> {
                            looksAtTheSilentOne.incrementAndGet();
                            return !awaitUninterruptibly(answers);
                        },
                        () -> {});
        supervise(List.of(silent, sleeperComponent()));
        long firstPid = kill();

        supervisor.round();
        assertThat(sleeper.running())
                .hasValueSatisfying(process -> assertThat(process.pid()).isNotEqualTo(firstPid));
        supervisor.round();
        assertThat(looksAtTheSilentOne).as("one look at a time").hasValue(1);

        answers.countDown();
        // Its look ends, from before the sleeper's restart: not acted on, but looked at again,
        // once the looking thread has come back (rounds until then: it is a thread of its own).
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            supervisor.round();
                            return looksAtTheSilentOne.get() == 2
                                    && scrape().contains(
                                                    "herdpulse_stack_component_up{component=\"silent\"} 1.0");
                        });
        assertThat(looksAtTheSilentOne).hasValue(2);
        assertThat(scrape()).contains("herdpulse_stack_restarts_total{component=\"silent\"} 0.0");
    }

    @Test
    void aLookBegunBeforeARestartIsNotActedOnAfterIt() throws Exception {
        // What the slow look saw may be the restart's doing: it is looked at again.
        CountDownLatch answers = new CountDownLatch(1);
        AtomicInteger starts = new AtomicInteger();
        Component slow =
                looked("slow", () -> awaitUninterruptibly(answers), starts::incrementAndGet);
        supervise(List.of(sleeperComponent(), slow));
        kill();

        supervisor.round();
        assertThat(sleeper.running()).isPresent();
        answers.countDown();
        supervisor.round();
        assertThat(starts).as("restarted on a look from before the restart").hasValue(0);

        // Looked at again once the looking thread has come back (a thread of its own: under load
        // not always by the next round).
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            supervisor.round();
                            return starts.get() > 0;
                        });
        assertThat(starts).as("restarted on a look of its own").hasValue(1);
    }

    @Test
    void aLookThatFailsIsLoggedAndTheOthersGoOn() throws Exception {
        Component broken =
                looked(
                        "broken",
                        () -> {
                            throw new IllegalStateException("no answer to parse");
                        },
                        () -> {});
        supervise(List.of(broken, sleeperComponent()));
        long firstPid = kill();

        supervisor.round();

        assertThat(sleeper.running())
                .hasValueSatisfying(process -> assertThat(process.pid()).isNotEqualTo(firstPid));
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("looking at broken failed: java.lang.IllegalStateException: no answer");
    }

    @Test
    void aComponentThatCannotComeBackDoesNotKeepTheOnesAfterItDown() throws Exception {
        // A broker whose port a stranger took, before a TaskManager in start order that died.
        supervise(List.of(cannotStart(), sleeperComponent()));
        long firstPid = kill();

        supervisor.round(); // tries the first, which fails
        supervisor.round(); // looks again: what the failed start did may have changed things
        supervisor.round(); // the first waits for its backoff

        assertThat(sleeper.running())
                .hasValueSatisfying(process -> assertThat(process.pid()).isNotEqualTo(firstPid));
        assertThat(scrape())
                .contains("herdpulse_stack_component_up{component=\"cannot-start\"} 0.0")
                .contains("herdpulse_stack_restart_failures_total{component=\"cannot-start\"} 1.0")
                .contains("herdpulse_stack_restarts_total{component=\"sleeper\"} 1.0");
    }

    @Test
    void aComponentThatNeedsOneThatCannotComeBackWaitsForIt() throws Exception {
        // The job after a broker whose port a stranger took: resubmitted, it would only fail.
        AtomicInteger dependentStarts = new AtomicInteger();
        Component dependent = looked("dependent", () -> true, dependentStarts::incrementAndGet);
        supervise(
                List.of(cannotStart(), dependent, sleeperComponent()),
                Map.of("dependent", Set.of("cannot-start")));
        long firstPid = kill();

        for (int round = 0; round < 5; round++) {
            supervisor.round();
        }

        assertThat(dependentStarts).hasValue(0);
        assertThat(sleeper.running())
                .hasValueSatisfying(process -> assertThat(process.pid()).isNotEqualTo(firstPid));
        assertThat(scrape()).contains("herdpulse_stack_component_up{component=\"dependent\"} 0.0");
    }

    @Test
    void aComponentWaitsForOneItNeedsWhileASlowLookAtThatOneIsUnderWay() throws Exception {
        // A hung broker: found dead once, its later probes take longer than a round waits.
        AtomicInteger looksAtTheBroker = new AtomicInteger();
        Component hungBroker =
                looked(
                        "broker",
                        () -> {
                            if (looksAtTheBroker.incrementAndGet() > 1) {
                                sleepUninterruptibly(Supervisor.LOOK_WAIT.plusSeconds(1));
                            }
                            return true;
                        },
                        () -> {
                            throw new IllegalStateException("still hung");
                        });
        AtomicInteger jobStarts = new AtomicInteger();
        Component job = looked("job", () -> true, jobStarts::incrementAndGet);
        supervise(List.of(hungBroker, job), Map.of("job", Set.of("broker")));

        for (int round = 0; round < 3; round++) {
            supervisor.round();
        }

        assertThat(jobStarts).hasValue(0);
    }

    /** Dead, and every start of it fails. */
    private static Component cannotStart() {
        return looked(
                "cannot-start",
                () -> true,
                () -> {
                    throw new IllegalStateException("port 9092 is taken");
                });
    }

    /** A component known only by its look and its start, always running for up and status. */
    private static Component looked(String name, BooleanSupplier died, Runnable start) {
        return new Component(
                name,
                "-",
                List.of(),
                () -> true,
                died,
                () -> "1",
                start,
                () -> {},
                () -> Health.of(true),
                () -> {},
                Optional::empty,
                false);
    }

    private void supervise(List<Component> watched) {
        supervise(watched, Map.of());
    }

    private void supervise(List<Component> watched, Map<String, Set<String>> needs) {
        supervisor =
                new Supervisor(
                        watched,
                        Map.of(),
                        needs,
                        home,
                        metrics,
                        new PrintStream(log, true, StandardCharsets.UTF_8),
                        clock);
    }

    private static void sleepUninterruptibly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean awaitUninterruptibly(CountDownLatch latch) {
        try {
            return latch.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String scrape() {
        return Http.get("http://127.0.0.1:" + metrics.port() + "/metrics").orElseThrow();
    }

    /** kill -9, as a crash or the OOM killer would. */
    private long kill() {
        ProcessHandle process = sleeper.running().orElseThrow();
        process.destroyForcibly();
        process.onExit().join();
        return process.pid();
    }
}
