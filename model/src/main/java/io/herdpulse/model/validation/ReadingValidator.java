package io.herdpulse.model.validation;

import static io.herdpulse.model.ReadingFields.ACTIVITY;
import static io.herdpulse.model.ReadingFields.ANIMAL_ID;
import static io.herdpulse.model.ReadingFields.FARM_ID;
import static io.herdpulse.model.ReadingFields.READING_ID;
import static io.herdpulse.model.ReadingFields.RUMEN_PH;
import static io.herdpulse.model.ReadingFields.RUMEN_TEMP_C;
import static io.herdpulse.model.ReadingFields.RUMINATION_MIN;
import static io.herdpulse.model.ReadingFields.SCHEMA_VERSION;
import static io.herdpulse.model.ReadingFields.SENSOR_ID;
import static io.herdpulse.model.ReadingFields.TIMESTAMP;
import static io.herdpulse.model.ReadingFields.WATER_INTAKE_L;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.herdpulse.model.Reading;
import io.herdpulse.model.validation.Verdict.Invalid;
import io.herdpulse.model.validation.Verdict.Valid;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Checks one record of {@code cow-health-data} against the message contract of DESIGN.md and
 * returns the reading or the first fault, in the contract's order of reasons. Never throws: any
 * input, however broken, gets a {@link Verdict}.
 *
 * <p>The job checks every Kafka record with it, and the producer's HTTP ingestion checks every
 * element of a request with it before publishing, so both reject the same input for the same
 * reason. {@code DUPLICATE} and {@code LATE} need the job's state and are not decided here.
 */
public final class ReadingValidator implements Serializable {
    private static final long serialVersionUID = 1L;

    static final double TEMP_MIN_C = 20.0;
    static final double TEMP_MAX_C = 45.0;

    /**
     * DESIGN.md sets no ceiling. A bolus's movement index for an interval is tens (the simulator's
     * cows 8–14 per 10 minutes); above a million it is a glitch, and the alert rules' hourly sums
     * keep single precision, where 1e39 became infinite: a false HIGH_ACTIVITY, then a week's
     * baseline of infinity that muted the rule.
     */
    static final double ACTIVITY_MAX = 1_000_000.0;

    static final double RUMINATION_MAX_MIN = 60.0;
    static final double WATER_MAX_L = 100.0;
    static final double PH_MIN = 4.0;
    static final double PH_MAX = 8.0;

    /**
     * No reading is older. A bolus whose clock was reset reads 1970 at most; older is garbage that
     * breaks what follows: event time in milliseconds overflows below year -292,275,055, windows
     * before 4713 BC reach PostgreSQL as -infinity, and a farm's minutes span the gap to now.
     */
    static final Instant EARLIEST = Instant.EPOCH;

    private static final List<String> REQUIRED =
            List.of(
                    READING_ID,
                    FARM_ID,
                    ANIMAL_ID,
                    SENSOR_ID,
                    TIMESTAMP,
                    RUMEN_TEMP_C,
                    ACTIVITY,
                    RUMINATION_MIN);
    private static final int SHOWN_CHARS = 64;

    // NaN and Infinity are accepted by the parser so that they are reported as INVALID_VALUE of
    // their field, as the contract asks, rather than as MALFORMED_JSON; duplicate keys and
    // trailing content make a message ambiguous, so those are malformed.
    private static final JsonMapper JSON =
            JsonMapper.builder()
                    .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .build();

    private final Duration maxFuture;

    public ReadingValidator(Duration maxFuture) {
        this.maxFuture = maxFuture;
    }

    /**
     * @param key the record key, null when the record has none
     * @param value the record value, null for a tombstone
     * @param now the checker's clock (the job's, or the ingestion server's), for the
     *     future-timestamp rule
     */
    public Verdict check(byte[] key, byte[] value, Instant now) {
        Reading reading = value == null ? null : Streamed.validReading(key, value, now, maxFuture);
        return reading != null ? new Valid(reading) : checkTree(key, value, now);
    }

    /**
     * The contract's checks on the message as a JSON tree: what {@link #check} does with every
     * message the streamed reading does not accept, and so the one place a reject and its detail
     * are made.
     */
    Verdict checkTree(byte[] key, byte[] value, Instant now) {
        if (value == null || value.length == 0) {
            return malformed("the record has no value");
        }
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            return malformed(e.getOriginalMessage());
        } catch (IOException e) {
            return malformed(e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return malformed("a JSON " + kind(root) + ", not an object");
        }

        JsonNode version = root.get(SCHEMA_VERSION);
        if (version == null
                || !version.isIntegralNumber()
                || !version.canConvertToInt()
                || version.intValue() != Reading.SCHEMA_VERSION) {
            return new Invalid(
                    RejectReason.UNSUPPORTED_VERSION,
                    SCHEMA_VERSION + " " + shown(version) + " is not " + Reading.SCHEMA_VERSION);
        }

        for (String field : REQUIRED) {
            JsonNode node = root.get(field);
            if (node == null || node.isNull()) {
                return new Invalid(
                        RejectReason.MISSING_FIELD, "required field " + field + " is missing");
            }
        }

        JsonNode timestampNode = root.get(TIMESTAMP);
        Instant timestamp =
                timestampNode.isTextual() ? TextShapes.utcInstant(timestampNode.textValue()) : null;
        Invalid invalid =
                firstOf(
                        matching(root, READING_ID, TextShapes::isUuid, "a UUID"),
                        matching(
                                root,
                                FARM_ID,
                                TextShapes::isId,
                                "1-64 characters of [A-Za-z0-9_-]"),
                        matching(
                                root,
                                ANIMAL_ID,
                                TextShapes::isId,
                                "1-64 characters of [A-Za-z0-9_-]"),
                        matching(root, SENSOR_ID, TextShapes::isSensorId, "at most 128 characters"),
                        instant(timestampNode, timestamp),
                        finiteNumber(root, RUMEN_TEMP_C),
                        finiteNumber(root, ACTIVITY),
                        finiteNumber(root, RUMINATION_MIN),
                        optionalFiniteNumber(root, WATER_INTAKE_L),
                        optionalFiniteNumber(root, RUMEN_PH));
        if (invalid != null) {
            return invalid;
        }

        double rumenTempC = root.get(RUMEN_TEMP_C).doubleValue();
        double activity = root.get(ACTIVITY).doubleValue();
        double ruminationMin = root.get(RUMINATION_MIN).doubleValue();
        Double waterIntakeL = optionalNumber(root, WATER_INTAKE_L);
        Double rumenPh = optionalNumber(root, RUMEN_PH);
        invalid =
                firstOf(
                        within(RUMEN_TEMP_C, rumenTempC, TEMP_MIN_C, TEMP_MAX_C),
                        within(ACTIVITY, activity, 0, ACTIVITY_MAX),
                        within(RUMINATION_MIN, ruminationMin, 0, RUMINATION_MAX_MIN),
                        waterIntakeL == null
                                ? null
                                : within(WATER_INTAKE_L, waterIntakeL, 0, WATER_MAX_L),
                        rumenPh == null ? null : within(RUMEN_PH, rumenPh, PH_MIN, PH_MAX),
                        timestamp.isBefore(EARLIEST)
                                ? new Invalid(
                                        RejectReason.OUT_OF_RANGE,
                                        TIMESTAMP + " " + timestamp + " is before " + EARLIEST)
                                : null);
        if (invalid != null) {
            return invalid;
        }

        String animalId = root.get(ANIMAL_ID).textValue();
        if (key != null) {
            String recordKey = new String(key, StandardCharsets.UTF_8);
            if (!recordKey.equals(animalId)) {
                return new Invalid(
                        RejectReason.KEY_MISMATCH,
                        "record key "
                                + shown(recordKey)
                                + " differs from "
                                + ANIMAL_ID
                                + " "
                                + shown(animalId));
            }
        }

        Instant latest = now.plus(maxFuture);
        if (timestamp.isAfter(latest)) {
            return new Invalid(
                    RejectReason.FUTURE_TIMESTAMP,
                    TIMESTAMP
                            + " "
                            + timestamp
                            + " is more than "
                            + maxFuture
                            + " ahead of the clock "
                            + now);
        }

        return new Valid(
                new Reading(
                        Reading.SCHEMA_VERSION,
                        // one UUID, one de-duplication key, however its hex digits are cased
                        root.get(READING_ID).textValue().toLowerCase(Locale.ROOT),
                        root.get(FARM_ID).textValue(),
                        animalId,
                        root.get(SENSOR_ID).textValue(),
                        timestamp,
                        rumenTempC,
                        activity,
                        ruminationMin,
                        waterIntakeL,
                        rumenPh));
    }

    /**
     * The common case read as a stream of tokens, without building a tree (Jackson's {@code
     * readTree} was half the job's source task): one flat object of the contract's fields only,
     * each once, with values of their types, followed by nothing. It returns the reading only when
     * every check passes; anything else (an unknown or repeated field, a null, a nested value, any
     * fault at all) returns null and the message is checked again as a tree, which finds the
     * contract's first fault and words its detail as ever. So a reject is always the tree's, and a
     * valid message gives the same reading either way ({@code StreamedReadingPropertyTest}).
     */
    static final class Streamed {
        private static final int VERSION = 1;
        private static final int ID = 1 << 1;
        private static final int FARM = 1 << 2;
        private static final int ANIMAL = 1 << 3;
        private static final int SENSOR = 1 << 4;
        private static final int TIME = 1 << 5;
        private static final int TEMP = 1 << 6;
        private static final int ACTIVE = 1 << 7;
        private static final int RUMINATION = 1 << 8;
        private static final int WATER = 1 << 9;
        private static final int PH = 1 << 10;
        private static final int REQUIRED_FIELDS =
                VERSION | ID | FARM | ANIMAL | SENSOR | TIME | TEMP | ACTIVE | RUMINATION;

        private Streamed() {}

        static Reading validReading(byte[] key, byte[] value, Instant now, Duration maxFuture) {
            String readingId = null;
            String farmId = null;
            String animalId = null;
            String sensorId = null;
            String timestampText = null;
            double rumenTempC = 0;
            double activity = 0;
            double ruminationMin = 0;
            Double waterIntakeL = null;
            Double rumenPh = null;
            int seen = 0;
            try (JsonParser parser = JSON.createParser(value)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                String field;
                while ((field = parser.nextFieldName()) != null) {
                    JsonToken token = parser.nextToken();
                    int bit =
                            switch (field) {
                                case SCHEMA_VERSION -> VERSION;
                                case READING_ID -> ID;
                                case FARM_ID -> FARM;
                                case ANIMAL_ID -> ANIMAL;
                                case SENSOR_ID -> SENSOR;
                                case TIMESTAMP -> TIME;
                                case RUMEN_TEMP_C -> TEMP;
                                case ACTIVITY -> ACTIVE;
                                case RUMINATION_MIN -> RUMINATION;
                                case WATER_INTAKE_L -> WATER;
                                case RUMEN_PH -> PH;
                                default -> 0;
                            };
                    if (bit == 0 || (seen & bit) != 0) {
                        return null;
                    }
                    seen |= bit;
                    if (bit == VERSION) {
                        if (token != JsonToken.VALUE_NUMBER_INT
                                || parser.getNumberType() != JsonParser.NumberType.INT
                                || parser.getIntValue() != Reading.SCHEMA_VERSION) {
                            return null;
                        }
                    } else if (bit <= TIME) {
                        if (token != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        String text = parser.getText();
                        switch (bit) {
                            case ID -> readingId = text;
                            case FARM -> farmId = text;
                            case ANIMAL -> animalId = text;
                            case SENSOR -> sensorId = text;
                            default -> timestampText = text;
                        }
                    } else if (token == JsonToken.VALUE_NULL && bit >= WATER) {
                        // an optional field given as null: absent, as in the tree
                        continue;
                    } else {
                        double number = finite(parser, token);
                        if (Double.isNaN(number)) {
                            return null;
                        }
                        switch (bit) {
                            case TEMP -> rumenTempC = number;
                            case ACTIVE -> activity = number;
                            case RUMINATION -> ruminationMin = number;
                            case WATER -> waterIntakeL = number;
                            default -> rumenPh = number;
                        }
                    }
                }
                if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                    return null;
                }
            } catch (IOException | RuntimeException anyFault) {
                return null;
            }
            if ((seen & REQUIRED_FIELDS) != REQUIRED_FIELDS) {
                return null;
            }
            Instant timestamp = TextShapes.utcInstant(timestampText);
            boolean valid =
                    timestamp != null
                            && TextShapes.isUuid(readingId)
                            && TextShapes.isId(farmId)
                            && TextShapes.isId(animalId)
                            && TextShapes.isSensorId(sensorId)
                            && rumenTempC >= TEMP_MIN_C
                            && rumenTempC <= TEMP_MAX_C
                            && activity >= 0
                            && activity <= ACTIVITY_MAX
                            && ruminationMin >= 0
                            && ruminationMin <= RUMINATION_MAX_MIN
                            && (waterIntakeL == null
                                    || (waterIntakeL >= 0 && waterIntakeL <= WATER_MAX_L))
                            && (rumenPh == null || (rumenPh >= PH_MIN && rumenPh <= PH_MAX))
                            && (key == null
                                    || new String(key, StandardCharsets.UTF_8).equals(animalId))
                            && !timestamp.isBefore(EARLIEST)
                            && !timestamp.isAfter(now.plus(maxFuture));
            return valid
                    ? new Reading(
                            Reading.SCHEMA_VERSION,
                            readingId.toLowerCase(Locale.ROOT),
                            farmId,
                            animalId,
                            sensorId,
                            timestamp,
                            rumenTempC,
                            activity,
                            ruminationMin,
                            waterIntakeL,
                            rumenPh)
                    : null;
        }

        /**
         * The number as the tree's node would give it, NaN when it is none, not finite, or an
         * integer too big for a long (whose conversion the tree path is left to do).
         */
        private static double finite(JsonParser parser, JsonToken token) throws IOException {
            if (token == JsonToken.VALUE_NUMBER_INT) {
                JsonParser.NumberType type = parser.getNumberType();
                if (type == JsonParser.NumberType.INT) {
                    return parser.getIntValue();
                }
                return type == JsonParser.NumberType.LONG ? parser.getLongValue() : Double.NaN;
            }
            if (token != JsonToken.VALUE_NUMBER_FLOAT) {
                return Double.NaN;
            }
            double number = parser.getDoubleValue();
            return Double.isFinite(number) ? number : Double.NaN;
        }
    }

    private static Invalid malformed(String why) {
        return new Invalid(RejectReason.MALFORMED_JSON, "not one JSON object: " + abbreviated(why));
    }

    private static Invalid firstOf(Invalid... checks) {
        for (Invalid check : checks) {
            if (check != null) {
                return check;
            }
        }
        return null;
    }

    private static Invalid text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node.isTextual() ? null : wrongType(field, node, "a string");
    }

    private static Invalid matching(
            JsonNode root, String field, Predicate<String> shape, String what) {
        Invalid notText = text(root, field);
        if (notText != null) {
            return notText;
        }
        String value = root.get(field).textValue();
        return shape.test(value)
                ? null
                : new Invalid(
                        RejectReason.INVALID_VALUE, field + " " + shown(value) + " is not " + what);
    }

    /**
     * @param parsed the node's text as a UTC instant, null when it is none
     */
    private static Invalid instant(JsonNode node, Instant parsed) {
        if (!node.isTextual()) {
            return wrongType(TIMESTAMP, node, "a string");
        }
        if (parsed != null) {
            return null;
        }
        return new Invalid(
                RejectReason.INVALID_VALUE,
                TIMESTAMP
                        + " "
                        + shown(node.textValue())
                        + " is not an ISO-8601 UTC instant such as"
                        + " 2026-03-01T10:20:00Z");
    }

    private static Invalid finiteNumber(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (!node.isNumber()) {
            return wrongType(field, node, "a number");
        }
        double value = node.doubleValue();
        return Double.isFinite(value)
                ? null
                : new Invalid(RejectReason.INVALID_VALUE, field + " " + value + " is not finite");
    }

    private static Invalid optionalFiniteNumber(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? null : finiteNumber(root, field);
    }

    private static Double optionalNumber(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node == null || node.isNull() ? null : node.doubleValue();
    }

    private static Invalid within(String field, double value, double min, double max) {
        if (value >= min && value <= max) {
            return null;
        }
        String range = max == Double.POSITIVE_INFINITY ? ">= " + min : min + " to " + max;
        return new Invalid(RejectReason.OUT_OF_RANGE, field + " " + value + " is outside " + range);
    }

    private static Invalid wrongType(String field, JsonNode node, String expected) {
        return new Invalid(
                RejectReason.INVALID_VALUE,
                field + " must be " + expected + ", got " + kind(node) + " " + shown(node));
    }

    private static String kind(JsonNode node) {
        return node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String shown(JsonNode node) {
        return node == null ? "(absent)" : shown(node.toString());
    }

    private static String shown(String value) {
        return "'" + abbreviated(value) + "'";
    }

    /**
     * Shortens a value for a detail, so that one bad message cannot bloat the table, and escapes
     * control characters: PostgreSQL text cannot hold NUL.
     */
    private static String abbreviated(String value) {
        if (value == null) {
            return "";
        }
        String shortened =
                value.length() <= SHOWN_CHARS ? value : value.substring(0, SHOWN_CHARS) + "…";
        StringBuilder escaped = new StringBuilder(shortened.length());
        for (char c : shortened.toCharArray()) {
            if (Character.isISOControl(c)) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
