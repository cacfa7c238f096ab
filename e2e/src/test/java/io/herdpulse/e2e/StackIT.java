package io.herdpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herdpulse.stack.flink.FlinkRest;
import io.herdpulse.stack.process.Http;
import io.herdpulse.stack.process.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 3's end-to-end test: bin/herdpulse up, every component healthy, a second up idempotent,
 * down clean.
 */
class StackIT {
    /**
     * Every port of DESIGN.md's table the local stack listens on (the simulator's is left out by
     * --no-simulator).
     */
    private static final List<Integer> STACK_PORTS =
            List.of(5432, 9092, 9093, 7071, 8081, 6123, 9249, 9250, 9251, 9187, 9090, 9410);

    private final Herdpulse herdpulse = new Herdpulse(Herdpulse.newHome());

    @AfterEach
    void leaveNothingRunning() {
        herdpulse.run("down", "--purge");
        herdpulse.killLeftovers();
    }

    @Test
    void upStartsEveryComponentHealthyAndDownStopsEveryProcessItStarted() throws Exception {
        Herdpulse.Run up = herdpulse.run("up", "--no-simulator");
        assertThat(up.exitCode()).as(up.stdout() + up.stderr()).isZero();
        assertThat(up.stdout()).contains("http://127.0.0.1:8081");

        assertThat(kafkaBrokers()).isEqualTo(1);
        assertThat(Http.get("http://127.0.0.1:8081/overview"))
                .hasValueSatisfying(
                        overview -> assertThat(overview).contains("\"taskmanagers\":2"));
        Herdpulse.Run list = herdpulse.run("flink", "list", "-r");
        assertThat(list.stdout()).containsPattern(": HerdPulse \\(RUNNING\\)");
        try (Connection reader =
                        DriverManager.getConnection(
                                "jdbc:postgresql://127.0.0.1:5432/herdpulse",
                                "herdpulse_reader",
                                herdpulse.secret("reader"));
                Statement sql = reader.createStatement()) {
            assertThat(sql.executeQuery("SELECT count(*) FROM herdpulse.health_alerts").next())
                    .isTrue();
            assertThatThrownBy(() -> sql.execute("DELETE FROM herdpulse.health_alerts"))
                    .isInstanceOf(SQLException.class);
        }
        assertThat(Http.get("http://127.0.0.1:7071/metrics"))
                .hasValueSatisfying(metrics -> assertThat(metrics).contains("kafka_server"));
        assertThat(Http.get("http://127.0.0.1:9249/metrics"))
                .hasValueSatisfying(metrics -> assertThat(metrics).contains("flink_jobmanager_"));
        assertThat(Http.get("http://127.0.0.1:9250/metrics"))
                .hasValueSatisfying(metrics -> assertThat(metrics).contains("flink_taskmanager_"));

        Herdpulse.Run status = herdpulse.run("status");
        assertThat(status.exitCode()).as(status.stdout()).isZero();

        // Flink 2.2's sink committers log a "Name collision" warning on every checkpoint unless
        // the stack's logging keeps it out; a log that grows by lines of noise hides the real ones.
        FlinkRest flink = new FlinkRest(8081);
        FlinkRest.Job job = flink.activeJob("HerdPulse").orElseThrow();
        Instant checked = Instant.now();
        await("a checkpoint of the job")
                .atMost(Duration.ofMinutes(1))
                .until(
                        () ->
                                flink.latestCheckpointTriggered(job)
                                        .filter(checked::isBefore)
                                        .isPresent());
        assertThat(taskManagerLogs()).doesNotContain("Name collision");

        Herdpulse.Run again = herdpulse.run("up", "--no-simulator");
        assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
        assertThat(again.stdout()).doesNotContain("started");
        assertThat(again.stdout().lines().filter(line -> line.contains("already running")))
                .hasSizeGreaterThanOrEqualTo(5);

        List<Long> pids = herdpulse.recordedPids();
        assertThat(pids).hasSizeGreaterThanOrEqualTo(4);
        Herdpulse.Run down = herdpulse.run("down");
        assertThat(down.exitCode()).as(down.stdout() + down.stderr()).isZero();

        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).isEmpty());
        assertThat(herdpulse.processesOfHome()).isEmpty();
        assertThat(STACK_PORTS)
                .allSatisfy(port -> assertThat(Ports.isFree(port)).as("port " + port).isTrue());
        assertThat(herdpulse.run("status").exitCode()).isNotZero();
    }

    /**
     * Issue 11: the supervisor, a TaskManager and the broker killed with kill -9 come back by
     * themselves, each restart is counted on the supervisor's /metrics, and status says the truth
     * meanwhile. Then a TaskManager that runs but does not work (stopped here; a full heap does the
     * same) is replaced once the JobManager has gone a minute without it, and so are a broker and a
     * PostgreSQL server that have not answered for a minute.
     */
    @Test
    void killedComponentsComeBackByThemselvesAndAreCounted() throws Exception {
        Herdpulse.Run up = herdpulse.run("up", "--no-simulator");
        assertThat(up.exitCode()).as(up.stdout() + up.stderr()).isZero();

        // The supervisor's JVM dies first (its keeper starts it again), so its successor restarts
        // and counts the others.
        ProcessHandle supervisor = supervisorJvm();
        supervisor.destroyForcibly();
        supervisor.onExit().join();
        kill("flink-taskmanager");
        kill("kafka");
        Herdpulse.Run meanwhile = herdpulse.run("status");
        assertThat(meanwhile.exitCode()).as(meanwhile.stdout()).isNotZero();
        // The TaskManager's line, not the broker's: the supervisor holds a TaskManager's restart
        // back for 20 s, while the broker is restarted at once and may be healthy again before
        // this status's JVM has started on a loaded machine.
        assertThat(meanwhile.stdout())
                .containsPattern("(?m)^flink-taskmanager +\\S+ +(DIED|UNHEALTHY)");

        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(
                        () -> {
                            Herdpulse.Run status = herdpulse.run("status");
                            assertThat(status.exitCode()).as(status.stdout()).isZero();
                            assertThat(status.stdout())
                                    .containsPattern("(?m)^job .* healthy .*RUNNING");
                        });
        assertThat(Http.get("http://127.0.0.1:9410/metrics"))
                .hasValueSatisfying(
                        metrics ->
                                assertThat(metrics)
                                        .contains(
                                                "herdpulse_stack_restarts_total{component=\"supervisor\"} 1.0",
                                                "herdpulse_stack_restarts_total{component=\"kafka\"} 1.0",
                                                "herdpulse_stack_restarts_total{component=\"flink-taskmanager\"} 1.0",
                                                "herdpulse_stack_restarts_total{component=\"postgres\"} 0.0"));

        // Hung together, each is replaced a minute after it stopped answering, not one minute
        // after the other.
        replacedOnceHung(
                List.of("flink-taskmanager-2", "kafka", "postgres"),
                () -> {
                    // A server that accepts connections and says nothing held status for ever.
                    Herdpulse.Run status = herdpulse.run(Duration.ofMinutes(1), "status");
                    assertThat(status.stdout()).containsPattern("(?m)^postgres +\\S+ +UNHEALTHY");
                });
    }

    /**
     * Stops each of {@code components} with {@code kill -STOP}, checks what should hold {@code
     * whileHung}, and requires the supervisor to replace each: a new process, the stopped one gone,
     * one more restart counted, and the stack healthy again.
     */
    private void replacedOnceHung(List<String> components, Runnable whileHung) throws Exception {
        Map<String, Double> restartsBefore = new HashMap<>();
        Map<String, Long> hung = new HashMap<>();
        for (String component : components) {
            restartsBefore.put(component, restarts(component));
            hung.put(component, herdpulse.pidOf(component).orElseThrow());
        }
        for (long pid : hung.values()) {
            assertThat(new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor())
                    .isZero();
        }
        whileHung.run();
        await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(
                        () -> {
                            for (String component : components) {
                                assertThat(herdpulse.pidOf(component))
                                        .as(component)
                                        .isPresent()
                                        .get()
                                        .isNotEqualTo(hung.get(component));
                            }
                            Herdpulse.Run status = herdpulse.run("status");
                            assertThat(status.exitCode()).as(status.stdout()).isZero();
                        });
        for (String component : components) {
            assertThat(ProcessHandle.of(hung.get(component))).as(component).isEmpty();
            assertThat(restarts(component))
                    .as(component)
                    .isEqualTo(restartsBefore.get(component) + 1);
        }
    }

    /** The supervisor's count of {@code component}'s restarts, from its /metrics. */
    private static double restarts(String component) {
        String series = "herdpulse_stack_restarts_total{component=\"" + component + "\"}";
        OptionalDouble count = ScrapedValue.of("http://127.0.0.1:9410/metrics", series);
        assertThat(count).as(series).isPresent();
        return count.getAsDouble();
    }

    private String taskManagerLogs() throws IOException {
        try (Stream<Path> logs = Files.list(herdpulse.home().resolve("logs"))) {
            StringBuilder text = new StringBuilder();
            for (Path log :
                    logs.filter(
                                    path ->
                                            path.getFileName()
                                                    .toString()
                                                    .matches("flink-taskmanager.*\\.log"))
                            .toList()) {
                text.append(Files.readString(log));
            }
            return text.toString();
        }
    }

    /** The supervisor's JVM: its pid file names the keeper that runs it. */
    private ProcessHandle supervisorJvm() {
        return ProcessHandle.of(herdpulse.pidOf("supervisor").orElseThrow())
                .orElseThrow()
                .children()
                .filter(child -> child.info().command().orElse("").endsWith("/java"))
                .findFirst()
                .orElseThrow();
    }

    private void kill(String component) {
        long pid = herdpulse.pidOf(component).orElseThrow();
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        process.destroyForcibly();
        process.onExit().join();
    }

    @Test
    void upWithAPortTakenEndsWithOneLineAndLeavesNothingRunning() throws Exception {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 8081));

            Herdpulse.Run up = herdpulse.run("up", "--no-simulator");

            assertThat(up.exitCode()).isNotZero();
            assertThat(up.stderr().strip())
                    .hasLineCount(1)
                    .startsWith("herdpulse: port 8081 needed by flink-jobmanager is in use");
        }
        // PostgreSQL and Kafka had started before the JobManager's port was found taken: both were
        // stopped again.
        assertThat(herdpulse.processesOfHome()).isEmpty();
        assertThat(List.of(5432, 9092, 9093, 7071))
                .allSatisfy(port -> assertThat(Ports.isFree(port)).as("port " + port).isTrue());
    }

    private static int kafkaBrokers() throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        try (Admin admin = Admin.create(config)) {
            return admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
        }
    }
}
