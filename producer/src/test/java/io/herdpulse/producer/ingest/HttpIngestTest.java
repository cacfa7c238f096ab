package io.herdpulse.producer.ingest;

import static io.herdpulse.producer.ingest.TestReadings.fields;
import static io.herdpulse.producer.ingest.TestReadings.id;
import static io.herdpulse.producer.ingest.TestReadings.json;
import static io.herdpulse.producer.ingest.TestReadings.valid;
import static io.herdpulse.producer.ingest.TestReadings.with;
import static io.herdpulse.producer.ingest.TestReadings.without;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import io.herdpulse.producer.kafka.Cli;
import io.herdpulse.producer.kafka.TopicContents;
import io.herdpulse.stack.kafka.KafkaBrokerExtension;
import io.herdpulse.stack.process.Ports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code serve} against a real broker: what a base station POSTs, and what reaches Kafka. */
class HttpIngestTest {
    private static final Duration QUIET = Duration.ofSeconds(2);

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private final Cli cli = new Cli();
    private CompletableFuture<Integer> run;
    private String topic;
    private int port;
    private int metricsPort;

    private void serve(String name, String... limits) {
        serve(name, Map.of(), limits);
    }

    private void serve(String name, Map<String, String> topicConfig, String... limits) {
        topic = "ingest-" + name;
        KAFKA.broker().createTopic(topic, 3, topicConfig);
        port = Ports.freePort();
        metricsPort = Ports.freePort();
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "serve",
                                "--bootstrap-servers",
                                KAFKA.broker().bootstrapServers(),
                                "--topic",
                                topic,
                                "--port",
                                Integer.toString(port),
                                "--metrics-port",
                                Integer.toString(metricsPort)));
        args.addAll(List.of(limits));
        run = cli.start(args.toArray(String[]::new));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> run.isDone() || IngestClient.healthy(port));
        assertThat(run).as(cli.err()).isNotDone();
    }

    @AfterEach
    void stop() throws Exception {
        cli.stop.request();
        assertThat(run.get(30, TimeUnit.SECONDS)).as(cli.err()).isZero();
    }

    private long inKafka() {
        return TopicContents.recordsIn(KAFKA.broker().bootstrapServers(), topic);
    }

    private List<ConsumerRecord<String, byte[]>> records() {
        return TopicContents.readAll(KAFKA.broker().bootstrapServers(), topic, QUIET);
    }

    private static List<String> ids(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream()
                .map(record -> TopicContents.json(record).get("readingId").textValue())
                .sorted()
                .toList();
    }

    @Test
    void aJsonArrayAndNdjsonAreAnsweredOnlyOnceKafkaHoldsEveryReading() {
        serve("roundtrip");
        String array =
                IntStream.range(0, 300)
                        .mapToObj(n -> valid("roundtrip", n))
                        .collect(Collectors.joining(",\n ", "  [", "]\n"));

        IngestClient.Answer first = IngestClient.post(port, array);

        assertThat(first.status()).as(first.body().toString()).isEqualTo(202);
        assertThat(first.body().get("accepted").intValue()).isEqualTo(300);
        // Acknowledged before the answer: the broker's end offsets count them already.
        assertThat(inKafka()).isEqualTo(300);

        String ndjson =
                IntStream.range(300, 420)
                                .mapToObj(n -> valid("roundtrip", n))
                                .collect(Collectors.joining("\r\n", "", "\n\n"))
                        + "   \n";
        IngestClient.Answer second = IngestClient.post(port, ndjson);

        assertThat(second.status()).as(second.body().toString()).isEqualTo(202);
        assertThat(second.body().get("accepted").intValue()).isEqualTo(120);
        assertThat(inKafka()).isEqualTo(420);

        List<ConsumerRecord<String, byte[]>> records = records();
        assertThat(ids(records))
                .isEqualTo(
                        IntStream.range(0, 420)
                                .mapToObj(n -> id("roundtrip", n))
                                .sorted()
                                .toList());
        records.forEach(TopicContents::assertValidReading);
        assertThat(IngestClient.metrics(metricsPort, "herdpulse_ingest_"))
                .containsEntry("herdpulse_ingest_requests_total{status=\"202\"}", 2.0)
                .containsEntry("herdpulse_ingest_readings_accepted_total", 420.0);
        assertThat(IngestClient.metrics(metricsPort, "herdpulse_producer_records_sent_total"))
                .containsEntry("herdpulse_producer_records_sent_total", 420.0);
    }

    @Test
    void eachRejectedElementIsAnsweredWithTheJobsReasonAndTheValidOnesArePublished() {
        serve("reasons");
        Instant now = Instant.now();
        Map<String, String> base = fields(id("reasons", 99), "cow-1", now.minusSeconds(60));
        List<String> elements =
                List.of(
                        valid("reasons", 0),
                        "42",
                        json(with(base, "schemaVersion", "2")),
                        json(without(base, "farmId")),
                        json(with(base, "readingId", "\"not-a-uuid\"")),
                        json(with(base, "rumenTempC", "NaN")),
                        json(with(base, "rumenTempC", "50.5")),
                        json(with(base, "timestamp", "\"" + now.plusSeconds(3600) + "\"")),
                        "{\"schemaVersion\":1,\"schemaVersion\":1}",
                        valid("reasons", 1));

        IngestClient.Answer answer =
                IngestClient.post(
                        port, elements.stream().collect(Collectors.joining(",", "[", "]")));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().get("accepted").intValue()).isEqualTo(2);
        assertThat(answer.body().get("rejected").intValue()).isEqualTo(8);
        List<String> rejections = new ArrayList<>();
        for (JsonNode rejection : answer.body().get("rejections")) {
            rejections.add(
                    rejection.get("index").intValue() + " " + rejection.get("reason").textValue());
            assertThat(rejection.get("detail").textValue()).isNotBlank();
        }
        assertThat(rejections)
                .containsExactly(
                        "1 MALFORMED_JSON",
                        "2 UNSUPPORTED_VERSION",
                        "3 MISSING_FIELD",
                        "4 INVALID_VALUE",
                        "5 INVALID_VALUE",
                        "6 OUT_OF_RANGE",
                        "7 FUTURE_TIMESTAMP",
                        "8 MALFORMED_JSON");
        assertThat(inKafka()).isEqualTo(2);

        // NDJSON: a line that is not JSON at all is its own element's fault.
        IngestClient.Answer lines =
                IngestClient.post(port, valid("reasons", 2) + "\n{\"readingId\": \n");
        assertThat(lines.status()).isEqualTo(400);
        assertThat(lines.body().get("rejections").get(0).get("index").intValue()).isEqualTo(1);
        assertThat(lines.body().get("rejections").get(0).get("reason").textValue())
                .isEqualTo("MALFORMED_JSON");

        // An array that does not parse is refused whole.
        IngestClient.Answer broken = IngestClient.post(port, "[" + valid("reasons", 3) + ",");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.body().get("error").textValue()).isEqualTo("MALFORMED_JSON");
        assertThat(broken.body().get("detail").textValue()).contains("element 1:");

        assertThat(ids(records()))
                .isEqualTo(
                        List.of(id("reasons", 0), id("reasons", 1), id("reasons", 2)).stream()
                                .sorted()
                                .toList());
        assertThat(IngestClient.metrics(metricsPort, "herdpulse_ingest_readings_rejected_total"))
                .containsEntry(
                        "herdpulse_ingest_readings_rejected_total{reason=\"MALFORMED_JSON\"}", 3.0)
                .containsEntry(
                        "herdpulse_ingest_readings_rejected_total{reason=\"UNSUPPORTED_VERSION\"}",
                        1.0)
                .containsEntry(
                        "herdpulse_ingest_readings_rejected_total{reason=\"MISSING_FIELD\"}", 1.0)
                .containsEntry(
                        "herdpulse_ingest_readings_rejected_total{reason=\"INVALID_VALUE\"}", 2.0)
                .containsEntry(
                        "herdpulse_ingest_readings_rejected_total{reason=\"OUT_OF_RANGE\"}", 1.0)
                .containsEntry(
                        "herdpulse_ingest_readings_rejected_total{reason=\"FUTURE_TIMESTAMP\"}",
                        1.0)
                .containsEntry(
                        "herdpulse_ingest_readings_rejected_total{reason=\"KEY_MISMATCH\"}", 0.0);
    }

    @Test
    void anArrayElementTheParserCannotReadIsRejectedAloneAndTheRestPublished() throws IOException {
        serve("unreadable");
        Map<String, String> base =
                fields(id("unreadable", 99), "cow-1", Instant.now().minusSeconds(60));
        String digits = "9".repeat(StreamReadConstraints.DEFAULT_MAX_NUM_LEN + 1);
        int depth = StreamReadConstraints.DEFAULT_MAX_DEPTH;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("[" + valid("unreadable", 0) + ",").getBytes(StandardCharsets.UTF_8));
        // A base station writing its sensor names in Latin-1: bytes that are not UTF-8.
        body.writeBytes(
                json(with(base, "sensorId", "\"bolus-Käse\""))
                        .getBytes(StandardCharsets.ISO_8859_1));
        body.writeBytes(
                String.join(
                                ",",
                                "",
                                json(with(base, "activity", digits)),
                                json(with(base, "sensorId", "\"bolus\t7\"")),
                                "[".repeat(depth) + "]".repeat(depth),
                                valid("unreadable", 1) + "]")
                        .getBytes(StandardCharsets.UTF_8));

        IngestClient.Answer answer =
                IngestClient.send(
                        HttpRequest.newBuilder(IngestClient.readings(port))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                                .build());

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(400);
        assertThat(answer.body().get("accepted").intValue()).isEqualTo(2);
        List<String> rejections = new ArrayList<>();
        for (JsonNode rejection : answer.body().get("rejections")) {
            rejections.add(
                    rejection.get("index").intValue()
                            + " "
                            + rejection.get("reason").textValue()
                            + " "
                            + rejection.get("detail").textValue());
        }
        assertThat(rejections)
                .satisfiesExactly(
                        latin1 ->
                                assertThat(latin1).startsWith("1 MALFORMED_JSON").contains("UTF-8"),
                        number ->
                                assertThat(number)
                                        .startsWith("2 MALFORMED_JSON")
                                        .contains("(" + digits.length() + ")"),
                        control ->
                                assertThat(control)
                                        .startsWith("3 MALFORMED_JSON")
                                        .contains("code 9"),
                        deep -> assertThat(deep).startsWith("4 MALFORMED_JSON"));

        // One level deeper than the validator takes cannot be split: the array is refused whole,
        // naming the element where it broke.
        String deeper = "[".repeat(depth + 1) + "]".repeat(depth + 1);
        IngestClient.Answer refused =
                IngestClient.post(port, "[" + valid("unreadable", 2) + "," + deeper + "]");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("error").textValue()).isEqualTo("MALFORMED_JSON");
        assertThat(refused.body().get("detail").textValue()).contains("element 1:");

        assertThat(ids(records()))
                .isEqualTo(
                        List.of(id("unreadable", 0), id("unreadable", 1)).stream()
                                .sorted()
                                .toList());
        assertThat(IngestClient.metrics(metricsPort, "herdpulse_ingest_"))
                .containsEntry(
                        "herdpulse_ingest_readings_rejected_total{reason=\"MALFORMED_JSON\"}", 4.0)
                .containsEntry("herdpulse_ingest_readings_accepted_total", 2.0)
                .containsEntry("herdpulse_ingest_requests_total{status=\"400\"}", 2.0);
    }

    @Test
    void aReadingTooLargeForKafkaIsRefusedNotAnswered503Retry() {
        // A sensor id of 64 distinct emoji: valid, 256 bytes of UTF-8 that lz4 cannot shrink.
        String sensorId =
                IntStream.range(0, 64)
                        .mapToObj(n -> Character.toString(0x1F400 + n))
                        .collect(Collectors.joining());
        String large =
                json(
                        with(
                                fields(id("too-large", 9), "cow-9", Instant.now()),
                                "sensorId",
                                "\"" + sensorId + "\""));
        int normalBytes = valid("too-large", 0).getBytes(StandardCharsets.UTF_8).length;
        int largeBytes = large.getBytes(StandardCharsets.UTF_8).length;
        // Half-way: a batch of one normal reading fits, its header included; the large one not.
        String maxMessageBytes = Integer.toString((normalBytes + largeBytes) / 2);
        serve("too-large", Map.of("max.message.bytes", maxMessageBytes));

        IngestClient.Answer answer =
                IngestClient.post(
                        port,
                        "["
                                + valid("too-large", 0)
                                + ","
                                + large
                                + ","
                                + valid("too-large", 1)
                                + "]");

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(400);
        assertThat(answer.header("Retry-After")).isEmpty();
        assertThat(answer.body().get("accepted").intValue()).isEqualTo(2);
        JsonNode rejection = answer.body().get("rejections").get(0);
        assertThat(answer.body().get("rejections")).hasSize(1);
        assertThat(rejection.get("index").intValue()).isEqualTo(1);
        assertThat(rejection.get("reason").textValue()).isEqualTo("REFUSED_BY_KAFKA");
        assertThat(rejection.get("detail").textValue()).contains("RecordTooLargeException");

        // The refusal is that reading's: the next request is published as ever.
        assertThat(IngestClient.post(port, "[" + valid("too-large", 2) + "]").status())
                .isEqualTo(202);
        assertThat(ids(records()))
                .isEqualTo(
                        IntStream.range(0, 3).mapToObj(n -> id("too-large", n)).sorted().toList());
        assertThat(IngestClient.metrics(metricsPort, "herdpulse_ingest_readings_rejected_total"))
                .containsEntry(
                        "herdpulse_ingest_readings_rejected_total{reason=\"REFUSED_BY_KAFKA\"}",
                        1.0);
    }

    @Test
    void requestsBeyondTheLimitsAreRefusedWholeWith413And429() throws IOException {
        serve(
                "limits",
                "--max-body-bytes",
                "4096",
                "--max-readings",
                "10",
                "--max-concurrent-requests",
                "1");
        String eleven =
                IntStream.range(0, 11)
                        .mapToObj(n -> valid("limits", n))
                        .collect(Collectors.joining(",", "[", "]"));
        assertThat(eleven.length()).isLessThan(4096);
        IngestClient.Answer tooMany = IngestClient.post(port, eleven);
        assertThat(tooMany.status()).isEqualTo(413);
        assertThat(tooMany.body().get("error").textValue()).isEqualTo("TOO_MANY_READINGS");

        String large = "\n".repeat(4097);
        IngestClient.Answer tooLarge = IngestClient.post(port, large);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.body().get("error").textValue()).isEqualTo("BODY_TOO_LARGE");

        // Streamed without a Content-Length: refused once the body passes the limit.
        IngestClient.Answer streamed =
                IngestClient.send(
                        HttpRequest.newBuilder(IngestClient.readings(port))
                                .POST(
                                        HttpRequest.BodyPublishers.ofInputStream(
                                                () ->
                                                        new java.io.ByteArrayInputStream(
                                                                large.getBytes(
                                                                        StandardCharsets.UTF_8))))
                                .build());
        assertThat(streamed.status()).isEqualTo(413);

        // One request holds the only slot while its body trickles in; a second is refused.
        byte[] slowBody = ("[" + valid("limits", 21) + "]").getBytes(StandardCharsets.UTF_8);
        try (Socket slow = new Socket("127.0.0.1", port)) {
            OutputStream out = slow.getOutputStream();
            out.write(
                    ("POST /v1/readings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                                    + slowBody.length
                                    + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.write(slowBody, 0, 10);
            out.flush();
            awaitOneRequestInFlight();

            IngestClient.Answer refused = IngestClient.post(port, "[" + valid("limits", 20) + "]");
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.header("Retry-After")).contains("1");

            out.write(slowBody, 10, slowBody.length - 10);
            out.flush();
            String answer =
                    new String(slow.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 202");
        }

        assertThat(ids(records())).containsExactly(id("limits", 21));
    }

    @Test
    void aBodyStillTricklingInAtTheBodyTimeoutIsCutOffAndItsTurnFreed() throws Exception {
        serve("trickle", "--max-concurrent-requests", "1", "--body-timeout", "PT2S");
        try (Socket slow = new Socket("127.0.0.1", port)) {
            OutputStream out = slow.getOutputStream();
            out.write(
                    "POST /v1/readings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 400\r\n\r\n["
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitOneRequestInFlight();
            assertThat(IngestClient.post(port, "[" + valid("trickle", 1) + "]").status())
                    .isEqualTo(429);

            slow.setSoTimeout(30_000);
            assertThat(slow.getInputStream().read()).as("the slow connection closed").isEqualTo(-1);
        }

        assertThat(IngestClient.post(port, "[" + valid("trickle", 2) + "]").status())
                .isEqualTo(202);
        assertThat(ids(records())).containsExactly(id("trickle", 2));
    }

    /** The slow request holds its turn: the server counts it in flight. */
    private void awaitOneRequestInFlight() {
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                IngestClient.metrics(
                                                        metricsPort,
                                                        "herdpulse_ingest_requests_in_flight")
                                                .getOrDefault(
                                                        "herdpulse_ingest_requests_in_flight", 0.0)
                                        == 1.0);
    }

    @Test
    void healthAndWrongRequestsAreAnsweredClearly() throws IOException {
        serve("routes");
        assertThat(IngestClient.healthy(port)).isTrue();
        IngestClient.Answer get =
                IngestClient.send(
                        HttpRequest.newBuilder(IngestClient.readings(port)).GET().build());
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.header("Allow")).contains("POST");
        IngestClient.Answer empty = IngestClient.post(port, " \n");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().get("error").textValue()).isEqualTo("NO_READINGS");
        assertThat(inKafka()).isZero();
    }
}
