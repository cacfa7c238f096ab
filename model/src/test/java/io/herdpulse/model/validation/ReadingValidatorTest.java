package io.herdpulse.model.validation;

import static io.herdpulse.model.validation.RejectReason.FUTURE_TIMESTAMP;
import static io.herdpulse.model.validation.RejectReason.INVALID_VALUE;
import static io.herdpulse.model.validation.RejectReason.KEY_MISMATCH;
import static io.herdpulse.model.validation.RejectReason.MALFORMED_JSON;
import static io.herdpulse.model.validation.RejectReason.MISSING_FIELD;
import static io.herdpulse.model.validation.RejectReason.OUT_OF_RANGE;
import static io.herdpulse.model.validation.RejectReason.UNSUPPORTED_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.model.Reading;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReadingValidatorTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final ReadingValidator VALIDATOR = new ReadingValidator(Duration.ofMinutes(5));
    private static final String ID = "6f1c2a4e-8d0b-4b7e-9a51-3c2d1e0f9a8b";

    /** A valid message as raw JSON values by field, in contract order, so tests can break one. */
    private static Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("schemaVersion", "1");
        fields.put("readingId", "\"" + ID + "\"");
        fields.put("farmId", "\"farm-1\"");
        fields.put("animalId", "\"cow_007\"");
        fields.put("sensorId", "\"bolus-007\"");
        fields.put("timestamp", "\"2026-03-01T11:50:00Z\"");
        fields.put("rumenTempC", "39.1");
        fields.put("activity", "12.5");
        fields.put("ruminationMin", "7");
        fields.put("waterIntakeL", "14.25");
        fields.put("rumenPh", "6.5");
        return fields;
    }

    private static byte[] json(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> "\"" + field.getKey() + "\":" + field.getValue())
                .collect(Collectors.joining(",", "{", "}"))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Verdict check(Map<String, String> fields) {
        return VALIDATOR.check("cow_007".getBytes(StandardCharsets.UTF_8), json(fields), NOW);
    }

    private static Map<String, String> with(String field, String rawJson) {
        Map<String, String> fields = fields();
        fields.put(field, rawJson);
        return fields;
    }

    private static Map<String, String> without(String field) {
        Map<String, String> fields = fields();
        fields.remove(field);
        return fields;
    }

    private static void assertRejected(Verdict verdict, RejectReason reason, String detailPart) {
        assertThat(verdict).isInstanceOf(Verdict.Invalid.class);
        Verdict.Invalid invalid = (Verdict.Invalid) verdict;
        assertThat(invalid.reason()).isEqualTo(reason);
        assertThat(invalid.detail()).contains(detailPart);
    }

    @Test
    void acceptsAValidMessageWithEveryField() {
        assertThat(check(fields()))
                .isEqualTo(
                        new Verdict.Valid(
                                new Reading(
                                        1,
                                        ID,
                                        "farm-1",
                                        "cow_007",
                                        "bolus-007",
                                        Instant.parse("2026-03-01T11:50:00Z"),
                                        39.1,
                                        12.5,
                                        7.0,
                                        14.25,
                                        6.5)));
    }

    @Test
    void acceptsAbsentOrNullOptionalFieldsAndIgnoresUnknownOnes() {
        Map<String, String> fields = without("waterIntakeL");
        fields.put("rumenPh", "null");
        fields.put("firmware", "\"2.1\"");

        Verdict verdict = check(fields);

        assertThat(verdict).isInstanceOf(Verdict.Valid.class);
        Reading reading = ((Verdict.Valid) verdict).reading();
        assertThat(reading.waterIntakeL()).isNull();
        assertThat(reading.rumenPh()).isNull();
    }

    @Test
    void acceptsARecordWithoutKey() {
        assertThat(VALIDATOR.check(null, json(fields()), NOW)).isInstanceOf(Verdict.Valid.class);
    }

    @Test
    void normalisesTheReadingIdToLowerCaseSoOneUuidIsOneKey() {
        Verdict verdict = check(with("readingId", "\"" + ID.toUpperCase() + "\""));

        assertThat(((Verdict.Valid) verdict).reading().readingId()).isEqualTo(ID);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "{\"schemaVersion\":1",
                "[1,2]",
                "\"a string\"",
                "42",
                "null",
                "{} {}",
                "{\"schemaVersion\":1,\"schemaVersion\":1}",
            })
    void rejectsWhatIsNotOneJsonObjectAsMalformed(String value) {
        assertRejected(
                VALIDATOR.check(null, value.getBytes(StandardCharsets.UTF_8), NOW),
                MALFORMED_JSON,
                "not one JSON object");
    }

    @Test
    void rejectsATombstoneAndInvalidUtf8AsMalformed() {
        assertRejected(VALIDATOR.check(null, null, NOW), MALFORMED_JSON, "no value");
        byte[] invalidUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertRejected(VALIDATOR.check(null, invalidUtf8, NOW), MALFORMED_JSON, "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "0", "1.0", "\"1\"", "null", "true"})
    void rejectsAnyVersionButTheInteger1(String version) {
        assertRejected(check(with("schemaVersion", version)), UNSUPPORTED_VERSION, "schemaVersion");
    }

    @Test
    void rejectsAMissingVersionAsUnsupported() {
        assertRejected(check(without("schemaVersion")), UNSUPPORTED_VERSION, "schemaVersion");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "readingId",
                "farmId",
                "animalId",
                "sensorId",
                "timestamp",
                "rumenTempC",
                "activity",
                "ruminationMin"
            })
    void rejectsEachRequiredFieldAbsentOrNull(String field) {
        assertRejected(check(without(field)), MISSING_FIELD, field);
        assertRejected(check(with(field, "null")), MISSING_FIELD, field);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "readingId     | 42",
                "readingId     | \"not-a-uuid\"",
                "readingId     | \"6f1c2a4e8d0b4b7e9a513c2d1e0f9a8b\"",
                "readingId     | \"1-1-1-1-1\"",
                "farmId        | \"\"",
                "farmId        | \"farm 1\"",
                "farmId        | \"fárm\"",
                "farmId        | 7",
                "animalId      | \"cow/7\"",
                "animalId      | [\"cow\"]",
                "sensorId      | 12",
                "sensorId      | {}",
                "timestamp     | \"2026-03-01 11:50:00\"",
                "timestamp     | \"2026-03-01T11:50:00+01:00\"",
                "timestamp     | \"2026-03-01T11:50:00\"",
                "timestamp     | \"2026-02-30T11:50:00Z\"",
                "timestamp     | 1772365800000",
                "rumenTempC    | \"39.1\"",
                "rumenTempC    | NaN",
                "rumenTempC    | Infinity",
                "rumenTempC    | 1e999",
                "activity      | -Infinity",
                "activity      | true",
                "ruminationMin | \"7\"",
                "waterIntakeL  | \"a lot\"",
                "waterIntakeL  | NaN",
                "rumenPh       | Infinity",
                "rumenPh       | {}",
            })
    void rejectsWrongTypesPatternsAndNonFiniteNumbersAsInvalidValue(String field, String value) {
        assertRejected(check(with(field, value)), INVALID_VALUE, field);
    }

    @Test
    void acceptsSensorIdsOfAnyCharactersUpTo128SoAReadingWaitingInTheJobsStateStaysSmall() {
        String longest = "00:1B:44:11:3A:B7 bolus/7 ".repeat(5).substring(0, 128);
        String emoji = "\uD83D\uDC04"; // one character, two UTF-16 units
        for (String id : List.of("", longest, emoji.repeat(128))) {
            Verdict verdict = check(with("sensorId", "\"" + id + "\""));
            assertThat(verdict).as(id).isInstanceOf(Verdict.Valid.class);
            assertThat(((Verdict.Valid) verdict).reading().sensorId()).isEqualTo(id);
        }
        for (String id : List.of("a".repeat(129), emoji.repeat(129), "a".repeat(1 << 20))) {
            assertRejected(check(with("sensorId", "\"" + id + "\"")), INVALID_VALUE, "sensorId");
        }
    }

    @Test
    void acceptsIdsOfExactly64AllowedCharacters() {
        String longest = "a".repeat(62) + "_-";
        Map<String, String> fields = with("animalId", "\"" + longest + "\"");
        fields.put("farmId", "\"" + longest + "\"");

        assertThat(VALIDATOR.check(null, json(fields), NOW)).isInstanceOf(Verdict.Valid.class);
        assertRejected(
                check(with("farmId", "\"" + "a".repeat(65) + "\"")), INVALID_VALUE, "farmId");
    }

    @ParameterizedTest
    @CsvSource({
        "rumenTempC, 20.0, true",
        "rumenTempC, 45.0, true",
        "rumenTempC, 19.999, false",
        "rumenTempC, 45.001, false",
        "activity, 0, true",
        "activity, 100000, true",
        "activity, 1000000, true",
        "activity, 1000000.5, false",
        "activity, 1e39, false",
        "activity, -0.001, false",
        "ruminationMin, 0, true",
        "ruminationMin, 60, true",
        "ruminationMin, -0.5, false",
        "ruminationMin, 60.01, false",
        "waterIntakeL, 0, true",
        "waterIntakeL, 100, true",
        "waterIntakeL, -1, false",
        "waterIntakeL, 100.5, false",
        "rumenPh, 4.0, true",
        "rumenPh, 8.0, true",
        "rumenPh, 3.99, false",
        "rumenPh, 8.01, false",
    })
    void checksEveryRangeWithInclusiveBounds(String field, String value, boolean accepted) {
        Verdict verdict = check(with(field, value));
        if (accepted) {
            assertThat(verdict).isInstanceOf(Verdict.Valid.class);
        } else {
            assertRejected(verdict, OUT_OF_RANGE, field);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "1970-01-01T00:00:00Z, true",
        "1969-12-31T23:59:59.999Z, false",
        "-5000-01-01T00:00:00Z, false",
        // Below Long.MIN_VALUE milliseconds: its event time cannot be computed at all.
        "-1000000000-01-01T00:00:00Z, false",
    })
    void rejectsTimestampsBeforeTheEpochAsOutOfRange(String timestamp, boolean accepted) {
        Verdict verdict = check(with("timestamp", "\"" + timestamp + "\""));
        if (accepted) {
            assertThat(verdict).isInstanceOf(Verdict.Valid.class);
        } else {
            assertRejected(verdict, OUT_OF_RANGE, "timestamp");
        }
    }

    @Test
    void rejectsAKeyThatDiffersFromTheAnimalId() {
        assertRejected(
                VALIDATOR.check("cow_008".getBytes(StandardCharsets.UTF_8), json(fields()), NOW),
                KEY_MISMATCH,
                "'cow_008'");
    }

    @Test
    void acceptsTimestampsUpToExactlyTheAllowedFuture() {
        Instant latest = NOW.plus(Duration.ofMinutes(5));
        assertThat(check(with("timestamp", "\"" + latest + "\"")))
                .isInstanceOf(Verdict.Valid.class);
        assertRejected(
                check(with("timestamp", "\"" + latest.plusMillis(1) + "\"")),
                FUTURE_TIMESTAMP,
                "timestamp");
    }

    @Test
    void reportsTheFirstFaultInTheContractsOrder() {
        Map<String, String> manyFaults = with("schemaVersion", "2");
        manyFaults.remove("farmId");
        manyFaults.put("rumenTempC", "99");
        assertRejected(check(manyFaults), UNSUPPORTED_VERSION, "schemaVersion");

        manyFaults.put("schemaVersion", "1");
        assertRejected(check(manyFaults), MISSING_FIELD, "farmId");

        manyFaults.put("farmId", "\"farm 1\"");
        assertRejected(check(manyFaults), INVALID_VALUE, "farmId");

        manyFaults.put("farmId", "\"farm-1\"");
        manyFaults.put("timestamp", "\"" + NOW.plus(Duration.ofDays(1)) + "\"");
        assertRejected(check(manyFaults), OUT_OF_RANGE, "rumenTempC");

        manyFaults.put("rumenTempC", "39");
        assertRejected(
                VALIDATOR.check("other".getBytes(StandardCharsets.UTF_8), json(manyFaults), NOW),
                KEY_MISMATCH,
                "animalId");
        assertRejected(check(manyFaults), FUTURE_TIMESTAMP, "timestamp");
    }

    @Test
    void keepsDetailsShortAndFreeOfControlCharacters() {
        Verdict verdict =
                VALIDATOR.check(
                        ("x\u0000" + "y".repeat(500)).getBytes(StandardCharsets.UTF_8),
                        json(fields()),
                        NOW);

        String detail = ((Verdict.Invalid) verdict).detail();
        assertThat(detail).doesNotContain("\u0000").contains("\\u0000").hasSizeLessThan(200);
    }

    @Test
    void neverThrowsWhateverTheBytes() {
        Random random = new Random(42);
        byte[] valid = json(fields());
        for (int i = 0; i < 20_000; i++) {
            byte[] value;
            if (i % 2 == 0) {
                value = new byte[random.nextInt(64)];
                random.nextBytes(value);
            } else {
                // a valid message with a few bytes changed: mostly near-misses of every rule
                value = valid.clone();
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    value[random.nextInt(value.length)] = (byte) random.nextInt(256);
                }
            }
            assertThat(VALIDATOR.check(null, value, NOW)).isNotNull();
        }
    }
}
