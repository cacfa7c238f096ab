package io.herdpulse.producer.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herdpulse.producer.ProducerCli;
import io.herdpulse.producer.cli.ServeCommand;
import io.herdpulse.producer.kafka.TopicContents;
import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.kafka.KafkaBrokerExtension;
import io.herdpulse.stack.process.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    void withATokenInItsEnvironmentOnlyRequestsBearingItArePublished() throws Exception {
        String topic = "ingest-token";
        KAFKA.broker().createTopic(topic, 3);
        int port = Ports.freePort();
        Path log = dir.resolve("serve.log");
        ProcessBuilder builder =
                new ProcessBuilder(
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
                                Integer.toString(port))
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        builder.environment().put(ServeCommand.TOKEN_VARIABLE, TOKEN);
        Process serve = builder.start();
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
