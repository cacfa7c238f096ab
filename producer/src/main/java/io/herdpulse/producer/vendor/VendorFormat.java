package io.herdpulse.producer.vendor;

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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.herdpulse.model.Reading;
import io.herdpulse.model.ReadingJson;
import io.herdpulse.producer.kafka.publish.KeyedValue;
import io.herdpulse.producer.replay.ReadingTimes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.util.Map;

/**
 * The bolus vendor's REST API as HerdPulse models it: a page is {@code {"data": [readings],
 * "next_cursor": "…", "has_more": true}}, and a reading has the vendor's own field names. The fake
 * API writes this format and the poller maps it back to the message contract, both from the one
 * table of names here.
 */
public final class VendorFormat {
    public static final String READINGS_PATH = "/v1/readings";
    public static final String CURSOR_PARAMETER = "cursor";
    public static final String LIMIT_PARAMETER = "limit";
    public static final String DATA = "data";
    public static final String NEXT_CURSOR = "next_cursor";
    public static final String HAS_MORE = "has_more";

    /** Vendor field name to contract field name. */
    private static final Map<String, String> FIELDS =
            Map.of(
                    "id", READING_ID,
                    "organisation_id", FARM_ID,
                    "animal_id", ANIMAL_ID,
                    "device_id", SENSOR_ID,
                    "measured_at", TIMESTAMP,
                    "temperature", RUMEN_TEMP_C,
                    "activity_index", ACTIVITY,
                    "rumination_minutes", RUMINATION_MIN,
                    "water_intake_litres", WATER_INTAKE_L,
                    "ph", RUMEN_PH);

    private static final ObjectMapper JSON = new ObjectMapper();

    private VendorFormat() {}

    /** A simulated reading as the vendor's API serves it. */
    static ObjectNode toVendor(Reading reading) {
        ObjectNode contract = parse(ReadingJson.toJson(reading));
        ObjectNode vendor = JSON.createObjectNode();
        FIELDS.forEach(
                (vendorName, contractName) -> {
                    if (contract.has(contractName)) {
                        vendor.set(vendorName, contract.get(contractName));
                    }
                });
        return vendor;
    }

    /**
     * A vendor reading as a record of the topic: the fields renamed, the values as the vendor sent
     * them but a time with an offset, put in UTC. Nothing is checked here: the job checks every
     * record, and keeps what it rejects in {@code rejected_readings} with the reason, so a vendor's
     * bad reading is seen, not lost.
     */
    public static KeyedValue toContract(JsonNode vendorReading) {
        if (!vendorReading.isObject()) {
            // No fields to rename: its bytes as the vendor sent them, for the job to reject.
            return new KeyedValue(null, bytes(vendorReading));
        }
        ObjectNode contract = JSON.createObjectNode();
        contract.put(SCHEMA_VERSION, Reading.SCHEMA_VERSION);
        FIELDS.forEach(
                (vendorName, contractName) -> {
                    JsonNode value = vendorReading.get(vendorName);
                    if (value != null) {
                        contract.set(
                                contractName,
                                TIMESTAMP.equals(contractName) ? inUtc(value) : value);
                    }
                });
        JsonNode animal = contract.get(ANIMAL_ID);
        return new KeyedValue(
                animal != null && animal.isTextual() ? animal.textValue() : null, bytes(contract));
    }

    /**
     * A time with an offset ({@code +00:00}, as Python's {@code isoformat()} writes it) as the same
     * instant in UTC, the only form the job takes; anything else as sent, for the job to judge.
     */
    private static JsonNode inUtc(JsonNode time) {
        if (!time.isTextual() || time.textValue().endsWith("Z")) {
            return time;
        }
        try {
            return TextNode.valueOf(ReadingTimes.instant(time.textValue()).toString());
        } catch (DateTimeException notATime) {
            // A leap second too: the job rejects it with its reason.
            return time;
        }
    }

    private static byte[] bytes(JsonNode json) {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode parse(byte[] json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
