package io.herdpulse.producer.ingest;

import static io.herdpulse.producer.ingest.TestReadings.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herdpulse.producer.kafka.Cli;
import io.herdpulse.producer.kafka.TopicContents;
import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.StackHome;
import io.herdpulse.stack.kafka.KafkaBroker;
import io.herdpulse.stack.process.Ports;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} while its broker is stopped and started again: it says it is not ready and refuses
 * readings at once, instead of holding each base station for the delivery timeout, and takes them
 * again once Kafka is back. Only what was answered 202 is on the broker.
 */
class ServeWhileKafkaIsAwayTest {
    private static final String TOPIC = "ingest-away";

    /** Far longer than any wait below: an answer within them did not wait for it. */
    private static final String DELIVERY_TIMEOUT = "PT5M";

    /** The readiness looks every two seconds, and a look waits two at most. */
    private static final Duration SEEN_WITHIN = Duration.ofSeconds(30);

    @TempDir Path dir;

    @Test
    void readingsAreRefusedAtOnceWhileKafkaIsAwayAndTakenAgainOnceItIsBack() throws Exception {
        KafkaBroker broker = KafkaBroker.startForTests(dir);
        KafkaBroker restarted = null;
        Cli cli = new Cli();
        CompletableFuture<Integer> run = null;
        try {
            broker.createTopic(TOPIC, 3);
            int port = Ports.freePort();
            int metricsPort = Ports.freePort();
            run = serve(cli, broker, port, metricsPort);
            assertThat(ready(port).status()).isEqualTo(200);
            assertThat(kafkaReady(metricsPort)).isEqualTo(1);
            assertThat(IngestClient.post(port, readings(0, 10)).status()).isEqualTo(202);

            broker.stop();

            IngestClient.Answer notReady =
                    await().atMost(SEEN_WITHIN)
                            .until(() -> ready(port), answer -> answer.status() == 503);
            assertThat(notReady.body().get("error").textValue()).isEqualTo("KAFKA_UNAVAILABLE");
            assertThat(kafkaReady(metricsPort)).isZero();
            IngestClient.Answer refused = postWithin(port, readings(10, 20));
            assertThat(refused.status()).as(refused.body().toString()).isEqualTo(503);
            assertThat(refused.body().get("detail").textValue())
                    .contains("nothing of this request was published");
            assertThat(refused.header("Retry-After")).hasValue("1");
            assertThat(IngestClient.healthy(port)).as("the server itself answers").isTrue();

            restarted =
                    new KafkaBroker(Distribution.locate(), new StackHome(dir), broker.settings());
            restarted.start();
            await().atMost(SEEN_WITHIN).until(() -> ready(port).status() == 200);
            assertThat(kafkaReady(metricsPort)).isEqualTo(1);
            assertThat(IngestClient.post(port, readings(20, 30)).status()).isEqualTo(202);
            assertThat(cli.err())
                    .contains(
                            "serve: not ready, readings are refused with 503 until Kafka is back: ")
                    .contains("serve: Kafka takes readings again; ready");

            assertThat(
                            TopicContents.readAll(
                                            restarted.bootstrapServers(),
                                            TOPIC,
                                            Duration.ofSeconds(2))
                                    .stream()
                                    .map(
                                            record ->
                                                    TopicContents.json(record)
                                                            .get("readingId")
                                                            .textValue())
                                    .sorted())
                    .containsExactlyElementsOf(
                            IntStream.concat(IntStream.range(0, 10), IntStream.range(20, 30))
                                    .mapToObj(n -> TestReadings.id("away", n))
                                    .sorted()
                                    .toList());
        } finally {
            if (run != null) {
                cli.stop.request();
                run.get(60, TimeUnit.SECONDS);
            }
            broker.close();
            if (restarted != null) {
                restarted.close();
            }
        }
    }

    @Test
    void aTopicWithFewerReplicasInSyncThanItsMinimumIsNotReady() throws Exception {
        KafkaBroker broker = KafkaBroker.startForTests(dir);
        Cli cli = new Cli();
        CompletableFuture<Integer> run = null;
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                broker.bootstrapServers()))) {
            broker.createTopic(TOPIC, 3);
            int port = Ports.freePort();
            run = serve(cli, broker, port, Ports.freePort());
            assertThat(ready(port).status()).isEqualTo(200);

            // One broker: one replica in sync, where acks=all now needs two.
            minInSyncReplicas(admin, "2");
            await().atMost(SEEN_WITHIN).until(() -> ready(port).status() == 503);
            IngestClient.Answer refused = postWithin(port, readings(0, 10));
            assertThat(refused.status()).as(refused.body().toString()).isEqualTo(503);
            assertThat(cli.err())
                    .contains(
                            "serve: not ready, readings are refused with 503 until Kafka is back:"
                                    + " partition 0 of "
                                    + TOPIC
                                    + " has 1 replicas in sync, fewer than its"
                                    + " min.insync.replicas of 2");

            minInSyncReplicas(admin, "1");
            await().atMost(SEEN_WITHIN).until(() -> ready(port).status() == 200);
            assertThat(IngestClient.post(port, readings(10, 20)).status()).isEqualTo(202);
            assertThat(TopicContents.recordsIn(broker.bootstrapServers(), TOPIC)).isEqualTo(10);
        } finally {
            if (run != null) {
                cli.stop.request();
                run.get(60, TimeUnit.SECONDS);
            }
            broker.close();
        }
    }

    private static void minInSyncReplicas(Admin admin, String replicas) throws Exception {
        admin.incrementalAlterConfigs(
                        Map.of(
                                new ConfigResource(ConfigResource.Type.TOPIC, TOPIC),
                                List.of(
                                        new AlterConfigOp(
                                                new ConfigEntry(
                                                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                                                        replicas),
                                                AlterConfigOp.OpType.SET))))
                .all()
                .get(30, TimeUnit.SECONDS);
    }

    /** {@code serve} on the broker's topic, once it answers. */
    private static CompletableFuture<Integer> serve(
            Cli cli, KafkaBroker broker, int port, int metricsPort) {
        CompletableFuture<Integer> run =
                cli.start(
                        "serve",
                        "--bootstrap-servers",
                        broker.bootstrapServers(),
                        "--topic",
                        TOPIC,
                        "--port",
                        Integer.toString(port),
                        "--metrics-port",
                        Integer.toString(metricsPort),
                        "--delivery-timeout",
                        DELIVERY_TIMEOUT);
        await().atMost(SEEN_WITHIN).until(() -> run.isDone() || IngestClient.healthy(port));
        assertThat(run).as(cli.err()).isNotDone();
        return run;
    }

    /** A POST that must be answered well before the delivery timeout. */
    private static IngestClient.Answer postWithin(int port, String body) {
        return IngestClient.send(
                HttpRequest.newBuilder(IngestClient.readings(port))
                        .timeout(SEEN_WITHIN)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
    }

    private static double kafkaReady(int metricsPort) {
        return IngestClient.metrics(metricsPort, "herdpulse_ingest_kafka_ready")
                .get("herdpulse_ingest_kafka_ready");
    }

    private static String readings(int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(n -> valid("away", n))
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static IngestClient.Answer ready(int port) {
        return IngestClient.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + IngestServer.READY_PATH))
                        .build());
    }
}
