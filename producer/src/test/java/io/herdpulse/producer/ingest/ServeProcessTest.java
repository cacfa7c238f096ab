package io.herdpulse.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herdpulse.producer.ProducerCli;
import io.herdpulse.producer.cli.ServeCommand;
import io.herdpulse.producer.kafka.TopicContents;
import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.kafka.KafkaBrokerExtension;
import io.herdpulse.stack.process.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} as the real process a base station talks to: the bearer token from its environment,
 * and SIGTERM ends it cleanly.
 */
class ServeProcessTest {
    private static final String TOKEN = "test-token-5b1f";

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir Path dir;

    @Test
    void aClientSendingItsRequestTooSlowlyIsCutOffAndNoneBeyondTheConnectionLimitWaits()
            throws Exception {
        String topic = "ingest-slow";
        KAFKA.broker().createTopic(topic, 1);
        int port = Ports.freePort();
        Path log = dir.resolve("serve-slow.log");
        // Without /metrics: Prometheus' server then set no limit of its own for the JVM.
        Process serve =
                serve(
                        topic,
                        port,
                        log,
                        List.of("--body-timeout", "PT1S", "--max-concurrent-requests", "1"),
                        null);
        List<Socket> slow = new ArrayList<>();
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !serve.isAlive() || IngestClient.healthy(port));
            assertThat(serve.isAlive()).as(Files.readString(log)).isTrue();

            long started = System.nanoTime();
            for (int i = 0; i < ServerLimits.connections(1); i++) {
                slow.add(startedRequest(port));
            }
            try (Socket beyond = startedRequest(port)) {
                assertThat(closedByTheServerWithin(beyond, Duration.ofSeconds(5)))
                        .as("closed at once")
                        .isTrue();
            }
            for (Socket client : slow) {
                assertThat(closedByTheServerWithin(client, Duration.ofSeconds(30))).isTrue();
            }
            // Each had the headers' 10 s and the body's 1 s, on a timer of 1 s.
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(11));
            assertThat(IngestClient.healthy(port)).isTrue();
        } finally {
            for (Socket client : slow) {
                client.close();
            }
            serve.destroyForcibly();
        }
    }

    /**
     * Whether the server closed the connection within {@code timeout}: an end of stream, or a reset
     * when it closed with the client's byte unread.
     */
    private static boolean closedByTheServerWithin(Socket client, Duration timeout)
            throws IOException {
        client.setSoTimeout((int) timeout.toMillis());
        try {
            return client.getInputStream().read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    /** A connection that has sent the first byte of a request line, and nothing more. */
    private static Socket startedRequest(int port) throws Exception {
        Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
        client.getOutputStream().write('P');
        client.getOutputStream().flush();
        return client;
    }

    /** {@code serve} as its own JVM, with {@code token} in its environment unless null. */
    private static Process serve(
            String topic, int port, Path log, List<String> options, String token) throws Exception {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Distribution.java(),
                                "-Xmx128m",
                                "-cp",
                                System.getProperty("java.class.path"),
                                ProducerCli.class.getName(),
                                "serve",
                                "--bootstrap-servers",
                                KAFKA.broker().bootstrapServers(),
                                "--topic",
                                topic,
                                "--metrics-port",
                                "0",
                                "--port",
                                Integer.toString(port)));
        command.addAll(options);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (token != null) {
            builder.environment().put(ServeCommand.TOKEN_VARIABLE, token);
        }
        return builder.start();
    }

    @Test
    void withATokenInItsEnvironmentOnlyRequestsBearingItArePublished() throws Exception {
        String topic = "ingest-token";
        KAFKA.broker().createTopic(topic, 3);
        int port = Ports.freePort();
        Path log = dir.resolve("serve.log");
        Process serve = serve(topic, port, log, List.of(), TOKEN);
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !serve.isAlive() || IngestClient.healthy(port));
            assertThat(serve.isAlive()).as(Files.readString(log)).isTrue();

            String body = "[" + TestReadings.valid("token", 0) + "]";
            IngestClient.Answer none = IngestClient.post(port, body);
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.header("WWW-Authenticate")).contains("Bearer realm=\"herdpulse\"");
            IngestClient.Answer wrong =
                    IngestClient.post(port, body, "Authorization", "Bearer test-token-5b1e");
            assertThat(wrong.status()).isEqualTo(401);
            IngestClient.Answer right =
                    IngestClient.post(port, body, "Authorization", "Bearer " + TOKEN);
            assertThat(right.status()).isEqualTo(202);

            serve.destroy(); // SIGTERM
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(serve.exitValue()).isZero();
            assertThat(Files.readString(log))
                    .contains("(bearer token required)")
                    .contains("serve: 1 records acknowledged of 1 sent, 0 failed")
                    .doesNotContain(TOKEN);
        } finally {
            serve.destroyForcibly();
        }
        assertThat(TopicContents.recordsIn(KAFKA.broker().bootstrapServers(), topic)).isEqualTo(1);
    }
}
