package io.herdpulse.producer.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herdpulse.producer.kafka.Cli;
import io.herdpulse.producer.kafka.TopicContents;
import io.herdpulse.producer.kafka.publish.KeyedValue;
import io.herdpulse.producer.vendor.FakeVendorApi;
import io.herdpulse.producer.vendor.VendorFormat;
import io.herdpulse.stack.kafka.KafkaBrokerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code poll} against the fake vendor API and scripted ones, with a real broker. */
class PollTest {
    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir Path state;

    private static String topic(String name) {
        String topic = "poll-" + name;
        KAFKA.broker().createTopic(topic, 3);
        return topic;
    }

    private static String[] poll(String topic, String url, Path stateDir, String... more) {
        return pollUntilStopped(
                topic,
                url,
                stateDir,
                Stream.concat(Stream.of("--exit-when-caught-up"), Stream.of(more))
                        .toArray(String[]::new));
    }

    private static String[] pollUntilStopped(
            String topic, String url, Path stateDir, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "poll",
                                "--bootstrap-servers",
                                KAFKA.broker().bootstrapServers(),
                                "--topic",
                                topic,
                                "--metrics-port",
                                "0",
                                "--api-url",
                                url,
                                "--state-dir",
                                stateDir.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static List<ConsumerRecord<String, byte[]>> records(String topic) {
        return TopicContents.readAll(KAFKA.broker().bootstrapServers(), topic, QUIET);
    }

    private static List<String> ids(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream()
                .map(record -> TopicContents.json(record).get("readingId").textValue())
                .sorted()
                .toList();
    }

    @Test
    void theFakeApisHerdReachesKafkaOnceAndASecondRunFindsNothingNew() {
        String topic = topic("roundtrip");
        try (FakeVendorApi api = Herds.api(11, Duration.ZERO)) {
            Cli first = new Cli();
            assertThat(first.run(poll(topic, Herds.url(api), state, "--page-size", "50")))
                    .as(first.err())
                    .isZero();
            assertThat(first.acknowledged()).isEqualTo(Herds.READINGS);
            // 288 readings in pages of 50: six pages, the last one short.
            assertThat(first.out()).contains("poll: 6 pages");

            Cli second = new Cli();
            assertThat(second.run(poll(topic, Herds.url(api), state, "--page-size", "50")))
                    .as(second.err())
                    .isZero();
            assertThat(second.acknowledged()).isZero();
        }
        List<ConsumerRecord<String, byte[]>> records = records(topic);
        assertThat(ids(records)).isEqualTo(Herds.expectedIds(11));
        records.forEach(TopicContents::assertValidReading);
    }

    @Test
    void aPageInFlightWhenTheLastRunDiedIsFinishedWithOnlyWhatKafkaLacks() throws Exception {
        String topic = topic("resume");
        try (FakeVendorApi api = Herds.api(12, Duration.ZERO)) {
            // The first page, as a run would have mapped it, and the first four of it in Kafka.
            HttpResponse<byte[]> first =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(Herds.url(api) + "?limit=10"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofByteArray());
            JsonNode page = JSON.readTree(first.body());
            List<KeyedValue> records = new ArrayList<>();
            page.get(VendorFormat.DATA).forEach(r -> records.add(VendorFormat.toContract(r)));
            assertThat(records).hasSize(10);
            try (PollState pollState = PollState.open(state, URI.create(Herds.url(api)))) {
                pollState.begin(
                        new PageInFlight(
                                null,
                                page.get(VendorFormat.NEXT_CURSOR).textValue(),
                                Map.of(0, 0L, 1, 0L, 2, 0L),
                                records));
            }
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(
                            Map.of(
                                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                    KAFKA.broker().bootstrapServers(),
                                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                                    StringSerializer.class,
                                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                                    ByteArraySerializer.class))) {
                for (KeyedValue record : records.subList(0, 4)) {
                    producer.send(new ProducerRecord<>(topic, record.key(), record.value()))
                            .get(30, TimeUnit.SECONDS);
                }
            }

            Cli cli = new Cli();
            assertThat(cli.run(poll(topic, Herds.url(api), state, "--page-size", "100")))
                    .as(cli.err())
                    .isZero();
            assertThat(cli.err())
                    .contains(
                            "poll: finished the page in flight when the last run stopped: 4 of its"
                                    + " 10 readings were in Kafka, sent the other 6");
            assertThat(cli.acknowledged()).isEqualTo(Herds.READINGS - 4);
        }
        assertThat(ids(records(topic))).isEqualTo(Herds.expectedIds(12));
    }

    @Test
    void aPageInFlightOfAnotherApiIsRefusedWithOneClearLineNotFinishedAgainstThisOne()
            throws Exception {
        // A run against one API killed during its first page, then the state directory given to
        // another: the page was finished and its next cursor stored as the other API's and sent
        // to it (until 2026-12-06).
        String topic = topic("page-other-api");
        URI other = URI.create("http://127.0.0.1:9/v1/readings");
        try (PollState pollState = PollState.open(state, other)) {
            pollState.begin(
                    new PageInFlight(
                            null,
                            "other-api-cursor",
                            Map.of(0, 0L, 1, 0L, 2, 0L),
                            List.of(
                                    VendorFormat.toContract(
                                            JSON.readTree(
                                                    vendorReading(
                                                            readingId("other-api"), "bolus-9"))))));
        }
        try (ScriptedApi api =
                new ScriptedApi(List.of(ScriptedApi.Response.ok(ONE_READING_PAGE)))) {
            Cli cli = new Cli();
            assertThat(cli.run(poll(topic, api.url(), state))).isEqualTo(1);
            assertThat(cli.err().lines().filter(line -> line.startsWith("error:")))
                    .containsExactly(
                            "error: the state directory "
                                    + state
                                    + " holds the page in flight of "
                                    + other
                                    + ", not of "
                                    + api.url()
                                    + "; use another --state-dir");
            assertThat(api.requestNanos()).isEmpty();
        }
        assertThat(records(topic)).isEmpty();
    }

    private static final String ONE_READING_PAGE =
            """
            {"data": [{"id": "0b9c8d1e-2f3a-4b5c-8d7e-6f5a4b3c2d1e", "organisation_id": "farm-9",
              "animal_id": "cow-9", "device_id": "bolus-9", "measured_at": "2026-02-01T10:00:00Z",
              "temperature": 38.9, "activity_index": 10.0, "rumination_minutes": 5.5}],
             "next_cursor": "c1", "has_more": false}
            """;

    private static String vendorReading(String id, String deviceId) {
        return """
                {"id": "%s", "organisation_id": "farm-9", "animal_id": "cow-9", "device_id": "%s",
                 "measured_at": "2026-02-01T10:00:00Z", "temperature": 38.9,
                 "activity_index": 10.0, "rumination_minutes": 5.5}"""
                .formatted(id, deviceId);
    }

    private static String vendorPage(String nextCursor, boolean hasMore, String... readings) {
        return "{\"data\": [%s], \"next_cursor\": \"%s\", \"has_more\": %s}"
                .formatted(String.join(",", readings), nextCursor, hasMore);
    }

    private static String readingId(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Test
    void aLastPageWithoutANextCursorIsCaughtUpOnTheCursorItWasAskedWith() {
        // The end of the data as many APIs write it: refused as a page not in the format, it
        // stopped every run on the last page (until 2026-12-06).
        String topic = topic("no-next-cursor");
        Map<String, String> lastCursors =
                Map.of(
                        "null", "\"next_cursor\": null, ",
                        "empty", "\"next_cursor\": \"\", ",
                        "absent", "");
        List<String> expected = new ArrayList<>();
        for (var last : lastCursors.entrySet()) {
            String before = readingId(last.getKey() + "-before");
            String after = readingId(last.getKey() + "-last");
            expected.addAll(List.of(before, after));
            String lastPage =
                    "{\"data\": [%s], %s\"has_more\": false}"
                            .formatted(vendorReading(after, "bolus-9"), last.getValue());
            Path stateDir = this.state.resolve(last.getKey());
            try (ScriptedApi api =
                    new ScriptedApi(
                            List.of(
                                    new ScriptedApi.Response(
                                            200,
                                            Map.of(),
                                            vendorPage(
                                                    "c-" + last.getKey(),
                                                    true,
                                                    vendorReading(before, "bolus-9"))),
                                    ScriptedApi.Response.ok(lastPage)))) {
                Cli cli = new Cli();
                assertThat(cli.run(poll(topic, api.url(), stateDir))).as(cli.err()).isZero();
                try (PollState kept = PollState.open(stateDir, URI.create(api.url()))) {
                    assertThat(kept.cursor()).contains("c-" + last.getKey());
                }
            }
        }
        assertThat(ids(records(topic))).isEqualTo(expected.stream().sorted().toList());
    }

    @Test
    void aVendorReadingTooLargeForKafkaDoesNotWedgeThePoller() {
        String topic = topic("too-large");
        // Twice the Kafka client's default max.request.size of 1 MiB.
        String hugeDeviceId = "bolus-".repeat(2 * 1024 * 1024 / 6);
        String first =
                vendorPage(
                        "c1",
                        false,
                        vendorReading(readingId("first"), "bolus-9"),
                        vendorReading(readingId("huge"), hugeDeviceId));
        String second = vendorPage("c2", false, vendorReading(readingId("second"), "bolus-9"));
        try (ScriptedApi api =
                new ScriptedApi(
                        List.of(ScriptedApi.Response.ok(first), ScriptedApi.Response.ok(second)))) {
            Cli firstRun = new Cli();
            assertThat(firstRun.run(poll(topic, api.url(), state))).as(firstRun.err()).isZero();
            assertThat(firstRun.err().lines().filter(line -> line.contains("Kafka refused")))
                    .singleElement()
                    .asString()
                    .startsWith("poll: skipped element 1 of the first page, which Kafka refused:")
                    .contains("RecordTooLargeException");
            assertThat(firstRun.out()).contains("1 records acknowledged of 2 sent, 1 failed");

            Cli secondRun = new Cli();
            assertThat(secondRun.run(poll(topic, api.url(), state))).as(secondRun.err()).isZero();
            assertThat(secondRun.err()).doesNotContain("page in flight");
            assertThat(secondRun.acknowledged()).isEqualTo(1);
        }
        assertThat(ids(records(topic)))
                .isEqualTo(Stream.of(readingId("first"), readingId("second")).sorted().toList());
    }

    @Test
    void itWaitsAsRetryAfterAsksBacksOffOnServerErrorsAndThenPublishes() {
        String topic = topic("retry");
        try (ScriptedApi api =
                new ScriptedApi(
                        List.of(
                                new ScriptedApi.Response(
                                        429, Map.of("Retry-After", "2"), "slow down"),
                                new ScriptedApi.Response(502, Map.of(), "bad gateway"),
                                new ScriptedApi.Response(503, Map.of(), "down"),
                                ScriptedApi.Response.ok(ONE_READING_PAGE)))) {
            Cli cli = new Cli();
            assertThat(cli.run(poll(topic, api.url(), state, "--max-backoff", "PT1.5S")))
                    .as(cli.err())
                    .isZero();

            List<Long> at = api.requestNanos();
            assertThat(at).hasSize(4);
            assertThat(Duration.ofNanos(at.get(1) - at.get(0)))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(Duration.ofNanos(at.get(2) - at.get(1)))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            // The backoff doubles but never beyond --max-backoff.
            assertThat(Duration.ofNanos(at.get(3) - at.get(2)))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1500))
                    .isLessThan(Duration.ofMillis(2000));
            assertThat(cli.err())
                    .contains("answered 429 with Retry-After; retrying in 2.0 s")
                    .contains("answered 502; retrying in 1.0 s")
                    .contains("answered 503 without Retry-After; retrying in 1.5 s");
        }
        List<ConsumerRecord<String, byte[]>> records = records(topic);
        assertThat(records).hasSize(1);
        TopicContents.assertValidReading(records.get(0));
        assertThat(records.get(0).key()).isEqualTo("cow-9");
    }

    @Test
    void aRequestTimeoutAndAPageWithoutABodyAreRetriedAfterTheBackoff() {
        // Both stopped the run (exit 1) until 2026-12-06: a 408 as any 4xx, an empty 200 as a
        // page not in the vendor's format.
        String topic = topic("retry-408");
        try (ScriptedApi api =
                new ScriptedApi(
                        List.of(
                                new ScriptedApi.Response(408, Map.of(), "request timeout"),
                                ScriptedApi.Response.ok(""),
                                ScriptedApi.Response.ok(ONE_READING_PAGE)))) {
            Cli cli = new Cli();
            assertThat(cli.run(poll(topic, api.url(), state))).as(cli.err()).isZero();

            assertThat(api.requestNanos()).hasSize(3);
            assertThat(cli.err())
                    .contains("answered 408; retrying in 1.0 s")
                    .contains("answered 200 without a body; retrying in 2.0 s");
        }
        assertThat(records(topic)).singleElement().satisfies(TopicContents::assertValidReading);
    }

    @Test
    void aNoContentAnswerIsAPageWithNothingNewCaughtUpOnTheCursorAskedWith() {
        // A 204 stopped the run as any 4xx until 2026-12-06.
        String topic = topic("no-content");
        String first = vendorPage("c1", true, vendorReading(readingId("before-204"), "bolus-9"));
        try (ScriptedApi api =
                new ScriptedApi(
                        List.of(
                                ScriptedApi.Response.ok(first),
                                new ScriptedApi.Response(204, Map.of(), "")))) {
            Cli cli = new Cli();
            assertThat(cli.run(poll(topic, api.url(), state))).as(cli.err()).isZero();

            assertThat(api.requestNanos()).hasSize(2);
            try (PollState kept = PollState.open(state, URI.create(api.url()))) {
                assertThat(kept.cursor()).contains("c1");
            }
        }
        assertThat(ids(records(topic))).containsExactly(readingId("before-204"));
    }

    @Test
    void aRetryAfterOfNothingOrOfThePastStillWaitsASecond() {
        String topic = topic("retry-now");
        try (ScriptedApi api =
                new ScriptedApi(
                        List.of(
                                new ScriptedApi.Response(
                                        429, Map.of("Retry-After", "0"), "slow down"),
                                new ScriptedApi.Response(
                                        503,
                                        Map.of("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"),
                                        "down"),
                                ScriptedApi.Response.ok(ONE_READING_PAGE)))) {
            Cli cli = new Cli();
            assertThat(cli.run(poll(topic, api.url(), state))).as(cli.err()).isZero();

            List<Long> at = api.requestNanos();
            assertThat(at).hasSize(3);
            for (int i = 1; i < at.size(); i++) {
                assertThat(Duration.ofNanos(at.get(i) - at.get(i - 1)))
                        .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            }
            assertThat(cli.err())
                    .contains("answered 429 with Retry-After; retrying in 1.0 s")
                    .contains("answered 503 with Retry-After; retrying in 1.0 s");
        }
        assertThat(records(topic)).hasSize(1);
    }

    @Test
    @Timeout(60)
    void aNextCursorThatDoesNotMoveIsCaughtUpNotAPageToFetchForEver() {
        // A vendor's bug: "has_more" with the cursor it was asked with. Fetched again at once,
        // the page would be published again and again as fast as the API answers; fetched once
        // more, its reading is not sent twice (until 2026-12-05 it was).
        String topic = topic("stuck-cursor");
        String stuck =
                ONE_READING_PAGE.replace(
                        "\"next_cursor\": \"c1\", \"has_more\": false",
                        "\"next_cursor\": \"c1\", \"has_more\": true");
        assertThat(stuck).isNotEqualTo(ONE_READING_PAGE);
        try (ScriptedApi api =
                new ScriptedApi(
                        List.of(
                                ScriptedApi.Response.ok(stuck),
                                ScriptedApi.Response.ok(stuck),
                                ScriptedApi.Response.ok(stuck)))) {
            Cli cli = new Cli();
            assertThat(cli.run(poll(topic, api.url(), state))).as(cli.err()).isZero();

            assertThat(api.requestNanos()).hasSize(2);
            assertThat(cli.err())
                    .contains(
                            "poll: the API says it has more but gave back the cursor c1 it was"
                                    + " asked with; taken as caught up")
                    .contains("poll: 1 readings the page before had too are not sent again");
        }
        assertThat(records(topic)).hasSize(1);
    }

    @Test
    @Timeout(60)
    void aCursorCycleOfTwoPagesEndsCaughtUpInsteadOfRepublishing() {
        // A vendor's bug: A gives B, B gives A, both with "has_more". Each cursor moves, but
        // followed, the two pages would be published again and again as fast as the API answers.
        String topic = topic("cursor-cycle");
        String first = vendorPage("A", true, vendorReading(readingId("cycle-first"), "bolus-9"));
        String pageA = vendorPage("B", true, vendorReading(readingId("cycle-a"), "bolus-9"));
        String pageB = vendorPage("A", true, vendorReading(readingId("cycle-b"), "bolus-9"));
        // What following the cycle asks next, A's page, here ending the run: a poller without the
        // rule fails on the readings sent twice instead of hanging.
        String pageAOnceMore =
                vendorPage("B", false, vendorReading(readingId("cycle-a"), "bolus-9"));
        try (ScriptedApi api =
                new ScriptedApi(
                        List.of(
                                ScriptedApi.Response.ok(first),
                                ScriptedApi.Response.ok(pageA),
                                ScriptedApi.Response.ok(pageB),
                                ScriptedApi.Response.ok(pageAOnceMore)))) {
            Cli cli = new Cli();
            assertThat(cli.run(poll(topic, api.url(), state))).as(cli.err()).isZero();

            assertThat(api.requestNanos()).hasSize(3);
            assertThat(cli.err())
                    .contains(
                            "poll: the API says it has more but, asked with B, gave back the"
                                    + " cursor A it was asked with before; taken as caught up");
        }
        assertThat(ids(records(topic)))
                .isEqualTo(
                        Stream.of("cycle-first", "cycle-a", "cycle-b")
                                .map(PollTest::readingId)
                                .sorted()
                                .toList());
    }

    @Test
    @Timeout(60)
    void aCursorCycleIsNotRepublishedAtTheNextPollsNorAfterItEnds() {
        // Caught up on the cycle, the poller forgot its cursors, so at each --poll-interval it
        // followed the cycle again and sent both pages once more (until 2026-12-06).
        String topic = topic("cursor-cycle-polls");
        String first = vendorPage("A", true, vendorReading(readingId("polls-first"), "bolus-9"));
        String pageA = vendorPage("B", true, vendorReading(readingId("polls-a"), "bolus-9"));
        String pageB = vendorPage("A", true, vendorReading(readingId("polls-b"), "bolus-9"));
        // The cycle ends: A's page with a cursor not seen before and a new reading.
        String pageAEnding =
                vendorPage(
                        "C",
                        true,
                        vendorReading(readingId("polls-a"), "bolus-9"),
                        vendorReading(readingId("polls-a-new"), "bolus-9"));
        String pageC = vendorPage("D", true, vendorReading(readingId("polls-c"), "bolus-9"));
        List<ScriptedApi.Response> script =
                Stream.of(first, pageA, pageB, pageA, pageB, pageA, pageAEnding, pageC)
                        .map(body -> ScriptedApi.Response.ok(body))
                        .toList();
        Cli cli = new Cli();
        try (ScriptedApi api = new ScriptedApi(script)) {
            var run =
                    cli.start(
                            pollUntilStopped(topic, api.url(), state, "--poll-interval", "PT0.2S"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.requestNanos().size() > script.size());
            cli.stop.request();
            assertThat(run.join()).as(cli.err()).isZero();
        }
        assertThat(ids(records(topic)))
                .isEqualTo(
                        Stream.of("polls-first", "polls-a", "polls-b", "polls-a-new", "polls-c")
                                .map(PollTest::readingId)
                                .sorted()
                                .toList());
        assertThat(cli.err())
                .contains(
                        "poll: 1 readings of the cycle's page after A, sent when it was first"
                                + " followed, are not sent again");
    }

    @Test
    void elementsOfAPageThatAreNoReadingsArePublishedAsSentForTheJobToReject() {
        // A vendor's null in "data" used to stop the poller on that page for good.
        String topic = topic("not-readings");
        String page = ONE_READING_PAGE.replace("\"data\": [{", "\"data\": [null, 42, \"text\", {");
        assertThat(page).isNotEqualTo(ONE_READING_PAGE);
        try (ScriptedApi api = new ScriptedApi(List.of(ScriptedApi.Response.ok(page)))) {
            Cli cli = new Cli();
            assertThat(cli.run(poll(topic, api.url(), state))).as(cli.err()).isZero();
        }
        List<ConsumerRecord<String, byte[]>> records = records(topic);
        assertThat(records)
                .filteredOn(record -> record.key() == null)
                .extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("null", "42", "\"text\"");
        assertThat(records)
                .filteredOn(record -> record.key() != null)
                .singleElement()
                .satisfies(TopicContents::assertValidReading);
    }

    @Test
    void aReadingWithAKeyTwiceIsPublishedAsSentForTheJobToRejectNotWithItsLastValue() {
        // Mapped, it became a valid reading of the second temperature; the job rejects a record
        // with a key twice as malformed, and so it must see it.
        String topic = topic("key-twice");
        String twice =
                vendorReading(readingId("twice"), "bolus-9")
                        .replace(
                                "\"temperature\": 38.9",
                                "\"temperature\": 38.9, \"temperature\": 41.5");
        assertThat(twice).contains("41.5");
        String page = vendorPage("c1", false, vendorReading(readingId("once"), "bolus-9"), twice);
        try (ScriptedApi api = new ScriptedApi(List.of(ScriptedApi.Response.ok(page)))) {
            Cli cli = new Cli();
            assertThat(cli.run(poll(topic, api.url(), state))).as(cli.err()).isZero();
        }
        List<ConsumerRecord<String, byte[]>> records = records(topic);
        assertThat(records)
                .filteredOn(record -> record.key() == null)
                .extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
                .containsExactly(twice);
        assertThat(records)
                .filteredOn(record -> record.key() != null)
                .singleElement()
                .satisfies(TopicContents::assertValidReading);
    }

    @Test
    void readingsPastJacksonsDefaultLimitsArePublishedAsSentForTheJobToRejectNotAStop() {
        // A number of 1001 digits, and nesting 1001 deep in a field the poller ignores: with
        // Jackson's default limits (1000 each) either rejected the whole page as not JSON, and
        // every run stopped on it for good.
        String longNumber =
                vendorReading(readingId("long-number"), "bolus-9")
                        .replace("\"temperature\": 38.9", "\"temperature\": 3" + "8".repeat(1000));
        String deep =
                vendorReading(readingId("deep"), "bolus-9")
                        .replace(
                                "\"rumination_minutes\": 5.5",
                                "\"rumination_minutes\": 5.5, \"extra\": "
                                        + "[".repeat(1001)
                                        + "]".repeat(1001));
        // NaN, which JSON does not have and the job reads to reject as out of range: the page's
        // reader refused the whole page for it (until 2026-12-06).
        String notANumber =
                vendorReading(readingId("nan"), "bolus-9")
                        .replace("\"temperature\": 38.9", "\"temperature\": NaN");
        assertThat(longNumber).contains("8".repeat(1000));
        assertThat(deep).contains("[".repeat(1001));
        assertThat(notANumber).contains("NaN");
        String topic = topic("past-limits");
        String page =
                vendorPage(
                        "c1",
                        false,
                        longNumber,
                        vendorReading(readingId("within"), "bolus-9"),
                        deep,
                        notANumber);
        try (ScriptedApi api = new ScriptedApi(List.of(ScriptedApi.Response.ok(page)))) {
            Cli cli = new Cli();
            assertThat(cli.run(poll(topic, api.url(), state))).as(cli.err()).isZero();
        }
        List<ConsumerRecord<String, byte[]>> records = records(topic);
        assertThat(records)
                .filteredOn(record -> record.key() == null)
                .extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder(longNumber, deep, notANumber);
        assertThat(records)
                .filteredOn(record -> record.key() != null)
                .singleElement()
                .satisfies(TopicContents::assertValidReading);
    }

    @Test
    void aPageWithOneOfItsOwnKeysTwiceStopsTheRunWithOneClearLine() {
        String topic = topic("page-key-twice");
        String page =
                vendorPage("c1", false, vendorReading(readingId("page-twice"), "bolus-9"))
                        .replace("\"next_cursor\"", "\"next_cursor\": \"c0\", \"next_cursor\"");
        try (ScriptedApi api = new ScriptedApi(List.of(ScriptedApi.Response.ok(page)))) {
            Cli cli = new Cli();
            assertThat(cli.run(poll(topic, api.url(), state))).isEqualTo(1);
            assertThat(cli.err().lines().filter(line -> line.startsWith("error:")))
                    .singleElement()
                    .asString()
                    .startsWith(
                            "error: bad response from "
                                    + api.url()
                                    + "?limit=500: 'next_cursor' twice; the body began: ");
        }
        assertThat(records(topic)).isEmpty();
    }

    @Test
    void anAnswerStuckMidBodyIsGivenUpAtTheRequestTimeoutAndAskedAgain() {
        String topic = topic("stuck");
        try (ScriptedApi api =
                new ScriptedApi(
                        List.of(
                                ScriptedApi.Response.stalled(
                                        200, ONE_READING_PAGE, Duration.ofMinutes(1)),
                                ScriptedApi.Response.ok(ONE_READING_PAGE)))) {
            Cli cli = new Cli();
            assertThat(cli.run(poll(topic, api.url(), state, "--request-timeout", "PT2S")))
                    .as(cli.err())
                    .isZero();

            assertThat(api.requestNanos()).hasSize(2);
            assertThat(cli.err())
                    .contains(
                            "no whole answer within the request timeout of PT2S); retrying in 1.0"
                                    + " s");
        }
        assertThat(records(topic)).singleElement().satisfies(TopicContents::assertValidReading);
    }

    @Test
    void aPageLargerThanTheLimitStopsTheRunWithOneClearLineAndPublishesNothing() {
        String topic = topic("huge");
        String limit = Integer.toString(ONE_READING_PAGE.length() - 1);
        // Told by its Content-Length, or found while it streams in.
        Map<ScriptedApi.Response, String> refusals =
                Map.of(
                        ScriptedApi.Response.ok(ONE_READING_PAGE),
                        ONE_READING_PAGE.length()
                                + " bytes by its Content-Length, more than "
                                + limit,
                        ScriptedApi.Response.chunked(200, ONE_READING_PAGE),
                        "more than " + limit + " bytes");
        for (var huge : refusals.entrySet()) {
            try (ScriptedApi api = new ScriptedApi(List.of(huge.getKey()))) {
                Cli cli = new Cli();
                assertThat(
                                cli.run(
                                        poll(
                                                topic,
                                                api.url(),
                                                state.resolve("chunked-" + huge.getKey().chunked()),
                                                "--max-page-bytes",
                                                limit)))
                        .isEqualTo(1);
                assertThat(cli.err().lines().filter(line -> line.startsWith("error:")))
                        .containsExactly(
                                "error: GET "
                                        + api.url()
                                        + "?limit=500 answered "
                                        + huge.getValue()
                                        + " (--max-page-bytes); ask for fewer readings with"
                                        + " --page-size");
            }
        }
        // The limit is a page's: an error answer larger than it is retried as any other, and
        // only its start is waited for, though the rest never comes.
        String largeErrorPage = "<html>" + "busy ".repeat(400) + "</html>";
        try (ScriptedApi api =
                new ScriptedApi(
                        List.of(
                                ScriptedApi.Response.stalled(
                                        503, largeErrorPage, Duration.ofMinutes(1)),
                                ScriptedApi.Response.chunked(200, ONE_READING_PAGE)))) {
            Cli cli = new Cli();
            String exactly = Integer.toString(ONE_READING_PAGE.length());
            assertThat(
                            cli.run(
                                    poll(
                                            topic,
                                            api.url(),
                                            state.resolve("at-the-limit"),
                                            "--max-page-bytes",
                                            exactly)))
                    .as(cli.err())
                    .isZero();
            assertThat(cli.err()).contains("answered 503 without Retry-After; retrying in 1.0 s");
        }
        assertThat(records(topic)).singleElement().satisfies(TopicContents::assertValidReading);
    }

    @Test
    void aRedirectIsNotFollowedButStopsTheRunWithOneClearLine() {
        // Followed, it took the Authorization header with the token to the host it named.
        String topic = topic("redirect");
        try (ScriptedApi elsewhere =
                        new ScriptedApi(
                                List.of(
                                        new ScriptedApi.Response(
                                                200, Map.of(), ONE_READING_PAGE)));
                ScriptedApi api =
                        new ScriptedApi(
                                List.of(
                                        new ScriptedApi.Response(
                                                302, Map.of("Location", elsewhere.url()), "")))) {
            Cli cli = new Cli();
            assertThat(cli.run(poll(topic, api.url(), state))).isEqualTo(1);
            assertThat(elsewhere.requestNanos()).isEmpty();
            assertThat(cli.err().lines().filter(line -> line.startsWith("error:")))
                    .containsExactly(
                            "error: GET "
                                    + api.url()
                                    + "?limit=500 answered 302 to "
                                    + elsewhere.url()
                                    + ": redirects are not followed, they would take the token"
                                    + " along; give --api-url the URL the API means");
        }
        assertThat(records(topic)).isEmpty();
    }

    @Test
    void aResponseNotInTheVendorsFormatStopsTheRunWithOneClearLine() {
        String topic = topic("bad");
        try (ScriptedApi api =
                new ScriptedApi(
                        List.of(
                                new ScriptedApi.Response(
                                        200, Map.of(), "<html>maintenance</html>")))) {
            Cli cli = new Cli();
            assertThat(cli.run(poll(topic, api.url(), state))).isEqualTo(1);
            assertThat(cli.err().lines().filter(line -> line.startsWith("error:")))
                    .singleElement()
                    .asString()
                    .startsWith("error: bad response from " + api.url() + "?limit=500: not JSON")
                    .endsWith("the body began: <html>maintenance</html>");
        }
        try (ScriptedApi api =
                new ScriptedApi(
                        List.of(
                                new ScriptedApi.Response(
                                        401, Map.of(), "{\"error\":\"token\"}")))) {
            Cli cli = new Cli();
            assertThat(cli.run(poll(topic, api.url(), state.resolve("other")))).isEqualTo(1);
            assertThat(cli.err())
                    .contains(
                            "error: GET "
                                    + api.url()
                                    + "?limit=500 answered 401: {\"error\":\"token\"}");
        }
        assertThat(records(topic)).isEmpty();
    }
}
