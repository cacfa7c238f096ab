package io.herdpulse.producer.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.StackHome;
import io.herdpulse.stack.kafka.KafkaBroker;
import io.herdpulse.stack.process.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker that goes away mid-run: retries, then a clear failure, and no record lost silently. */
class BrokerOutageTest {
    @TempDir Path dir;

    @Test
    void aBrokerStoppedMidRunEndsTheRunWithAClearFailureAndEveryAcknowledgedRecordKept()
            throws Exception {
        KafkaBroker broker = KafkaBroker.startForTests(dir);
        KafkaBroker restarted = null;
        try {
            broker.createTopic("outage", 3);
            int metricsPort = Ports.freePort();
            Cli cli = new Cli();
            CompletableFuture<Integer> run =
                    cli.start(
                            "simulate",
                            "--bootstrap-servers",
                            broker.bootstrapServers(),
                            "--topic",
                            "outage",
                            "--metrics-port",
                            Integer.toString(metricsPort),
                            "--start",
                            "-P30D",
                            "--rate",
                            "2000",
                            "--delivery-timeout",
                            "PT6S");
            HttpRequest scrape =
                    HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                            .build();
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () ->
                                    http.send(scrape, HttpResponse.BodyHandlers.ofString())
                                            .body()
                                            .lines()
                                            .filter(
                                                    line ->
                                                            line.startsWith(
                                                                    "herdpulse_producer_records_sent_total "))
                                            .anyMatch(
                                                    line ->
                                                            Double.parseDouble(line.split(" ")[1])
                                                                    >= 2000));

            broker.stop();
            long stoppedAt = System.nanoTime();

            int exit = run.get(60, TimeUnit.SECONDS);
            Duration failedAfter = Duration.ofNanos(System.nanoTime() - stoppedAt);
            assertThat(exit).isEqualTo(1);
            // The client kept trying for the delivery timeout before giving up.
            assertThat(failedAfter).isGreaterThan(Duration.ofSeconds(5));
            assertThat(cli.err())
                    .contains(
                            "error: records not acknowledged by Kafka at "
                                    + broker.bootstrapServers()
                                    + " within the delivery timeout of 6.0 s");
            assertThat(cli.failed()).isPositive();
            assertThat(cli.acknowledged() + cli.failed()).isEqualTo(cli.sent());

            restarted =
                    new KafkaBroker(Distribution.locate(), new StackHome(dir), broker.settings());
            restarted.start();
            long onBroker =
                    TopicContents.readAll(
                                    restarted.bootstrapServers(), "outage", Duration.ofSeconds(3))
                            .size();
            // Whatever the run called acknowledged is on the broker; a record whose answer the
            // outage swallowed may be there too, counted as failed, never the other way round.
            assertThat(onBroker).isBetween(cli.acknowledged(), cli.sent());
        } finally {
            broker.close();
            if (restarted != null) {
                restarted.close();
            }
        }
    }
}
