package io.herdpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 15: every target Prometheus scrapes is a process that runs — the stack without the
 * simulator, a {@code bin/herdpulse produce replay} while it runs (and not after), then the stack
 * with the simulator — and each of them is up. Then the simulator outlasts a broker outage.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScrapeTargetsIT {
    /** Enough for the stack's first scrapes; Prometheus scrapes every 15 s. */
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    /** The replay's rows and pace: about a minute of sending, several scrapes. */
    private static final int REPLAY_ROWS = 120;

    private static final int REPLAY_RATE = 2;

    /**
     * "job instance" at DESIGN.md's fixed ports; the two TaskManagers get the first reporter ports
     * after the JobManager's, the supervisor its own.
     */
    private static final List<String> STACK_TARGETS =
            List.of(
                    "prometheus 127.0.0.1:9090",
                    "flink-jobmanager 127.0.0.1:9249",
                    "flink-taskmanager 127.0.0.1:9250",
                    "flink-taskmanager 127.0.0.1:9251",
                    "kafka 127.0.0.1:7071",
                    "postgres 127.0.0.1:9187",
                    "herdpulse-supervisor 127.0.0.1:9410");

    private static final List<String> PRODUCER_RUN_PORTS =
            IntStream.rangeClosed(9401, 9409).mapToObj(port -> "127.0.0.1:" + port).toList();

    private static Herdpulse herdpulse;

    @BeforeAll
    static void upWithoutSimulator() {
        herdpulse = Herdpulse.up("--no-simulator");
    }

    @AfterAll
    static void down() {
        herdpulse.downAndPurge();
    }

    @Test
    @Order(1)
    void withoutTheSimulatorPrometheusScrapesExactlyTheStacksProcessesAllUp() {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(targets()).isEqualTo(upTargets(STACK_TARGETS)));
    }

    @Test
    @Order(2)
    void aReplayIsScrapedWhileItRunsAndForgottenWhenItEnds() throws Exception {
        ProducerRun run =
                produce("replay", replayCsv().toString(), "--rate", Integer.toString(REPLAY_RATE));
        Process replay = run.process();
        try {
            String replayTarget = awaitOneProducerTargetUp(replay, REPLAY_ROWS / REPLAY_RATE);
            // What the pipeline dashboard's producer panel reads, for this run's instance.
            await().atMost(Duration.ofSeconds(45))
                    .pollInterval(Duration.ofSeconds(3))
                    .untilAsserted(
                            () ->
                                    assertThat(
                                                    PrometheusApi.query(
                                                            "herdpulse_producer_records_sent_total{instance=\""
                                                                    + replayTarget
                                                                    + "\"} > 0"))
                                            .hasSize(1));

            assertThat(replay.waitFor(3, TimeUnit.MINUTES)).as("replay ended").isTrue();
            assertThat(replay.exitValue()).as(Files.readString(run.stderr())).isZero();
            assertThat(Files.readString(run.stdout()))
                    .contains(REPLAY_ROWS + " records acknowledged of " + REPLAY_ROWS + " sent");
            await().atMost(PATIENCE)
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(targets()).isEqualTo(upTargets(STACK_TARGETS)));
        } finally {
            replay.destroyForcibly();
        }
    }

    /**
     * {@code kill} of the CLI (a SIGTERM, as a terminal closing or a service manager sends) stops
     * the producer it runs, which flushes and reports as on Ctrl-C, and its target is forgotten.
     */
    @Test
    @Order(3)
    void aProducerRunStopsWithItsCommand() throws Exception {
        ProducerRun run = produce("simulate", "--farms", "1", "--animals", "5", "--rate", "5");
        Process simulate = run.process();
        List<ProcessHandle> started = new ArrayList<>();
        try {
            awaitOneProducerTargetUp(simulate, 60);
            started.addAll(simulate.descendants().toList());
            assertThat(started).as("the producer the CLI runs").isNotEmpty();

            simulate.destroy();

            await().atMost(Duration.ofSeconds(40))
                    .untilAsserted(
                            () -> {
                                assertThat(simulate.isAlive()).as("the CLI running").isFalse();
                                assertThat(started)
                                        .as("the producer it ran")
                                        .noneMatch(ProcessHandle::isAlive);
                            });
            assertThat(Files.readString(run.stdout())).contains("records acknowledged of");
            await().atMost(PATIENCE)
                    .pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> assertThat(targets()).isEqualTo(upTargets(STACK_TARGETS)));
        } finally {
            started.forEach(ProcessHandle::destroyForcibly);
            simulate.destroyForcibly();
        }
    }

    @Test
    @Order(4)
    void withTheSimulatorItIsOneMoreTargetUp() {
        Herdpulse.Run up = herdpulse.run("up");
        assertThat(up.exitCode()).as(up.stdout() + up.stderr()).isZero();
        List<String> expected = new ArrayList<>(STACK_TARGETS);
        expected.add("producer 127.0.0.1:9400");
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(targets()).isEqualTo(upTargets(expected)));
    }

    /**
     * Nothing restarts the simulator (it would send its backfill again), so it must outlast a
     * broker that is away longer than a send waits for the topic's metadata by default (15 s): it
     * keeps its readings and sends them once the broker is back. Here the broker is killed as a
     * user stops it (its pid file gone, so the supervisor leaves it down) for 30 s, and {@code up}
     * starts it again.
     */
    @Test
    @Order(5)
    void theSimulatorOutlastsABrokerAwayForHalfAMinute() throws Exception {
        long simulator = herdpulse.pidOf("simulator").orElseThrow();
        await().atMost(PATIENCE).until(() -> simulatorSent() > 0);
        long broker = herdpulse.pidOf("kafka").orElseThrow();
        Files.delete(herdpulse.home().resolve("run/kafka.pid"));
        ProcessHandle.of(broker).orElseThrow().destroyForcibly();
        TimeUnit.SECONDS.sleep(30);
        double sentBeforeItsReturn = simulatorSent();

        Herdpulse.Run up = herdpulse.run("up");

        assertThat(up.exitCode()).as(up.stdout() + up.stderr()).isZero();
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(
                        () -> {
                            assertThat(herdpulse.pidOf("simulator")).contains(simulator);
                            assertThat(ProcessHandle.of(simulator)).isPresent();
                            assertThat(simulatorSent()).isGreaterThan(sentBeforeItsReturn);
                        });
    }

    /** A {@code bin/herdpulse produce} run, its output in files of the stack's home. */
    private record ProducerRun(Process process, Path stdout, Path stderr) {}

    private static ProducerRun produce(String command, String... options) throws IOException {
        Path stdout = Files.createTempFile(herdpulse.home(), command, ".out");
        Path stderr = Files.createTempFile(herdpulse.home(), command, ".err");
        List<String> arguments = new ArrayList<>(List.of("produce", command));
        arguments.addAll(List.of(options));
        return new ProducerRun(
                herdpulse.start(stdout, stderr, arguments.toArray(String[]::new)), stdout, stderr);
    }

    /**
     * Waits until the stack's targets and exactly one producer run's are up, while {@code run}
     * runs; returns that producer's instance.
     */
    private static String awaitOneProducerTargetUp(Process run, long seconds) {
        String[] instance = new String[1];
        await().atMost(Duration.ofSeconds(seconds))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(
                        () -> {
                            assertThat(run.isAlive()).as("producer run still running").isTrue();
                            Map<String, String> targets = targets();
                            Map<String, String> others = new TreeMap<>(targets);
                            others.keySet().removeIf(job -> job.startsWith("producer "));
                            assertThat(others).isEqualTo(upTargets(STACK_TARGETS));
                            List<String> producers =
                                    targets.keySet().stream()
                                            .filter(job -> job.startsWith("producer "))
                                            .toList();
                            assertThat(producers).hasSize(1);
                            instance[0] = producers.get(0).substring("producer ".length());
                            assertThat(PRODUCER_RUN_PORTS).contains(instance[0]);
                            assertThat(targets.get(producers.get(0))).isEqualTo("up");
                        });
        return instance[0];
    }

    /** The simulator's count of readings the broker acknowledged. */
    private static double simulatorSent() {
        return ScrapedValue.of(
                        "http://127.0.0.1:9400/metrics", "herdpulse_producer_records_sent_total")
                .orElse(-1);
    }

    /** "job instance" of every active target, mapped to its health. */
    private static Map<String, String> targets() throws IOException {
        Map<String, String> targets = new TreeMap<>();
        for (JsonNode target :
                PrometheusApi.data("/api/v1/targets?state=active").path("activeTargets")) {
            JsonNode labels = target.path("labels");
            targets.put(
                    labels.path("job").asText() + " " + labels.path("instance").asText(),
                    target.path("health").asText());
        }
        return targets;
    }

    private static Map<String, String> upTargets(List<String> jobInstances) {
        return jobInstances.stream()
                .collect(
                        Collectors.toMap(
                                target -> target, target -> "up", (a, b) -> a, TreeMap::new));
    }

    /** Healthy readings of one cow, a minute apart, ending a minute ago. */
    private static Path replayCsv() {
        Instant last = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(1));
        List<String> lines = new ArrayList<>();
        lines.add("timestamp,farm_id,animal_id,sensor_id,rumen_temp_c,activity,rumination_min");
        for (int i = REPLAY_ROWS - 1; i >= 0; i--) {
            lines.add(
                    last.minus(Duration.ofMinutes(i))
                            + ",farm-09,farm-09-cow-001,bolus-9,39.0,12,5");
        }
        return herdpulse.newFile("replay", lines);
    }
}
