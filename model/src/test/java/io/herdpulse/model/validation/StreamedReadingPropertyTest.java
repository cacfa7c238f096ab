package io.herdpulse.model.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.model.Reading;
import io.herdpulse.model.ReadingJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The validator reads the common message as a stream of tokens and falls back to the JSON tree for
 * everything else: whatever the message, the verdict (the reading, or the reason and detail) is
 * exactly the tree's.
 */
class StreamedReadingPropertyTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final ReadingValidator VALIDATOR = new ReadingValidator(Duration.ofMinutes(5));

    /** Each field's raw JSON candidates: valid ones first, then every kind of near miss. */
    private static final Map<String, List<String>> VALUES =
            Map.ofEntries(
                    Map.entry(
                            "schemaVersion",
                            List.of("1", "2", "1.0", "\"1\"", "null", "10000000000", "-1")),
                    Map.entry(
                            "readingId",
                            List.of(
                                    "\"6f1c2a4e-8d0b-4b7e-9a51-3c2d1e0f9a8b\"",
                                    "\"6F1C2A4E-8D0B-4B7E-9A51-3C2D1E0F9A8B\"",
                                    "\"6f1c2a4e-8d0b-4b7e-9a51-3c2d1e0f9a8\"",
                                    "7",
                                    "null",
                                    "[]")),
                    Map.entry("farmId", List.of("\"farm-1\"", "\"farm 1\"", "\"\"", "{}", "null")),
                    Map.entry(
                            "animalId",
                            List.of("\"cow_007\"", "\"cow_008\"", "\"c\\u006fw\"", "true", "null")),
                    Map.entry(
                            "sensorId",
                            List.of(
                                    "\"bolus-007\"",
                                    "\"\"",
                                    "\"\\n\"",
                                    "\"" + "s".repeat(128) + "\"",
                                    "\"" + "s".repeat(129) + "\"",
                                    "\"" + "\uD83D\uDC04".repeat(128) + "\"",
                                    "\"" + "\uD83D\uDC04".repeat(129) + "\"",
                                    "5",
                                    "null")),
                    Map.entry(
                            "timestamp",
                            List.of(
                                    "\"2026-03-01T11:50:00Z\"",
                                    "\"2026-03-01T12:05:00Z\"",
                                    "\"2026-03-01T12:05:00.001Z\"",
                                    "\"2026-03-01T11:50:00+01:00\"",
                                    "\"2026-02-30T11:50:00Z\"",
                                    "1772365800000",
                                    "null")),
                    Map.entry(
                            "rumenTempC",
                            List.of(
                                    "39.1",
                                    "20",
                                    "45.0",
                                    "45.000001",
                                    "19.99",
                                    "NaN",
                                    "1e400",
                                    "\"39\"",
                                    "null",
                                    "3.9E1")),
                    Map.entry(
                            "activity",
                            List.of(
                                    "12.5",
                                    "0",
                                    "-0.0",
                                    "-1",
                                    "1000000",
                                    "1000000.5",
                                    "99999999999999999999",
                                    "Infinity",
                                    "null",
                                    "1E+2")),
                    Map.entry(
                            "ruminationMin",
                            List.of(
                                    "7",
                                    "60",
                                    "60.5",
                                    "-0.1",
                                    "9223372036854775807",
                                    "[7]",
                                    "null")),
                    Map.entry(
                            "waterIntakeL",
                            List.of("14.25", "0", "100", "100.5", "-1", "NaN", "\"x\"", "null")),
                    Map.entry(
                            "rumenPh",
                            List.of(
                                    "6.5",
                                    "4.0",
                                    "8",
                                    "3.99",
                                    "8.01",
                                    "-Infinity",
                                    "false",
                                    "null")));

    private static final List<String> FIELDS =
            List.of(
                    "schemaVersion",
                    "readingId",
                    "farmId",
                    "animalId",
                    "sensorId",
                    "timestamp",
                    "rumenTempC",
                    "activity",
                    "ruminationMin",
                    "waterIntakeL",
                    "rumenPh");

    private static final List<String> KEYS = List.of("cow_007", "cow_008", "");

    @Provide
    Arbitrary<byte[]> messages() {
        Arbitrary<List<Integer>> choices =
                Arbitraries.integers().between(0, 60).list().ofSize(FIELDS.size());
        // 0: as is, 1: field left out, 2: field twice, 3: an unknown field after it
        Arbitrary<List<Integer>> shapes =
                Arbitraries.frequency(
                                net.jqwik.api.Tuple.of(20, 0),
                                net.jqwik.api.Tuple.of(1, 1),
                                net.jqwik.api.Tuple.of(1, 2),
                                net.jqwik.api.Tuple.of(1, 3))
                        .list()
                        .ofSize(FIELDS.size());
        Arbitrary<String> tails =
                Arbitraries.of("", "", "", " ", "\n", " {}", "]", "x", "{", "null");
        return Combinators.combine(
                        choices,
                        shapes,
                        tails,
                        Arbitraries.longs(),
                        Arbitraries.integers().between(0, 9))
                .as(StreamedReadingPropertyTest::message);
    }

    private static byte[] message(
            List<Integer> choices, List<Integer> shapes, String tail, long seed, int flips) {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < FIELDS.size(); i++) {
            String field = FIELDS.get(i);
            List<String> values = VALUES.get(field);
            // mostly the valid value, so that many messages are valid or one fault away
            int choice = choices.get(i);
            String value = choice < 45 ? values.get(0) : values.get(choice % values.size());
            switch (shapes.get(i)) {
                case 1 -> {}
                case 2 -> {
                    members.add("\"" + field + "\":" + value);
                    members.add("\"" + field + "\":" + values.get(0));
                }
                case 3 -> {
                    members.add("\"" + field + "\":" + value);
                    members.add("\"note\":{\"a\":[1,2]}");
                }
                default -> members.add("\"" + field + "\":" + value);
            }
        }
        Random random = new Random(seed);
        if (seed % 3 == 0) {
            java.util.Collections.shuffle(members, random);
        }
        byte[] bytes =
                ("{" + String.join(seed % 5 == 0 ? " , " : ",", members) + "}" + tail)
                        .getBytes(StandardCharsets.UTF_8);
        // one message in ten with a few bytes changed anywhere
        if (flips == 0) {
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
        }
        return bytes;
    }

    @Property(tries = 3000)
    void theVerdictIsTheTreesWhateverTheMessage(
            @ForAll("messages") byte[] value, @ForAll("keys") String key) {
        byte[] recordKey = key == null ? null : key.getBytes(StandardCharsets.UTF_8);

        assertThat(VALIDATOR.check(recordKey, value, NOW))
                .isEqualTo(VALIDATOR.checkTree(recordKey, value, NOW));
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.of(KEYS).injectNull(0.3);
    }

    @Example
    void theProducersMessagesAreReadAsAStream() {
        Reading reading =
                new Reading(
                        1,
                        "6f1c2a4e-8d0b-4b7e-9a51-3c2d1e0f9a8b",
                        "farm-1",
                        "cow_007",
                        "bolus-007",
                        Instant.parse("2026-03-01T11:50:00Z"),
                        39.1,
                        12.5,
                        7,
                        null,
                        6.5);
        byte[] json = ReadingJson.toJson(reading);

        assertThat(
                        ReadingValidator.Streamed.validReading(
                                "cow_007".getBytes(StandardCharsets.UTF_8),
                                json,
                                NOW,
                                Duration.ofMinutes(5)))
                .isEqualTo(reading);
    }
}
