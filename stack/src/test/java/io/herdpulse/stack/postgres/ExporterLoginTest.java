package io.herdpulse.stack.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.herdpulse.schema.Role;
import io.herdpulse.stack.Secrets;
import io.herdpulse.stack.StackHome;
import io.herdpulse.stack.process.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The postgres exporter logs in as the monitor role whatever its password holds: a space, which
 * exporter 0.11.1 cannot read in a URI in any encoding, and what a URI would have to escape.
 */
class ExporterLoginTest {
    private static final Path EXPORTER = Path.of("/usr/bin/prometheus-postgres-exporter");
    private static final String PASSWORD = "my secret+pw @:/%#?é";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "my secret pw",
                "a+b",
                "user@host",
                "pass:word",
                "a/b",
                "100%25 sure %",
                "not #a fragment",
                "not ?a=query&b",
                "'quoted' \\ \"double\"",
                "hérd ∂ 🐄"
            })
    void thePasswordReachesTheExporterAsItIsAndNeverInItsUri(String password) {
        Map<String, String> environment =
                ExporterLogin.environment("herdpulse_monitor", password, 5432, "herdpulse");

        assertThat(environment).containsEntry("PGPASSWORD", password);
        URI uri = URI.create(environment.get("DATA_SOURCE_NAME"));
        assertThat(uri.getRawUserInfo()).isEqualTo("herdpulse_monitor");
        assertThat(uri.getHost()).isEqualTo("127.0.0.1");
        assertThat(uri.getPort()).isEqualTo(5432);
        assertThat(uri.getRawPath()).isEqualTo("/herdpulse");
        assertThat(uri.getRawQuery()).isEqualTo("sslmode=disable");
    }

    /** Against the installed exporter and a PostgreSQL of its own; skipped without the exporter. */
    @Test
    void theExporterLogsInWithAMonitorPasswordHoldingASpace(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(EXPORTER), EXPORTER + " is not installed");
        StackHome home = new StackHome(dir);
        // Every user can traverse it: run as root, PostgreSQL runs as the postgres user.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        PostgresServer server =
                new PostgresServer(
                        home,
                        new Secrets(
                                dir.resolve("secrets"),
                                Map.of("HERDPULSE_MONITOR_PASSWORD", PASSWORD)),
                        Ports.freePort());
        Process exporter = null;
        try {
            server.start();
            int metricsPort = Ports.freePort();
            Path log = dir.resolve("exporter.log");
            ProcessBuilder command =
                    new ProcessBuilder(
                                    EXPORTER.toString(),
                                    "--web.listen-address=127.0.0.1:" + metricsPort)
                            .redirectErrorStream(true)
                            .redirectOutput(log.toFile());
            command.environment()
                    .putAll(
                            ExporterLogin.environment(
                                    Role.MONITOR.roleName(),
                                    server.password(Role.MONITOR),
                                    server.port(),
                                    PostgresServer.DATABASE));
            exporter = command.start();

            String metrics = metricsWithinSeconds(metricsPort, 20);

            assertThat(metrics)
                    .as("the exporter's log:%n%s", Files.readString(log))
                    .contains("\npg_up 1\n");
        } finally {
            if (exporter != null) {
                exporter.destroy();
                exporter.waitFor(10, TimeUnit.SECONDS);
            }
            server.stop();
        }
    }

    /** The first page with pg_up on it, or the last one read if pg_up never came up. */
    private static String metricsWithinSeconds(int port, int seconds) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .timeout(Duration.ofSeconds(5))
                        .build();
        Instant end = Instant.now().plusSeconds(seconds);
        String last = "";
        while (Instant.now().isBefore(end)) {
            try {
                last = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
                if (last.contains("\npg_up 1\n")) {
                    return last;
                }
            } catch (java.io.IOException notListeningYet) {
                // The exporter is still starting.
            }
            Thread.sleep(200);
        }
        return last;
    }
}
