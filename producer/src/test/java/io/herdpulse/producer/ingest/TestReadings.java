package io.herdpulse.producer.ingest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Readings as JSON text written by hand in the contract's field names, independent of the
 * producer's own writer, with one field easy to break.
 */
final class TestReadings {
    private TestReadings() {}

    /** A valid reading's raw JSON values by field. */
    static Map<String, String> fields(String readingId, String animalId, Instant timestamp) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("schemaVersion", "1");
        fields.put("readingId", "\"" + readingId + "\"");
        fields.put("farmId", "\"farm-7\"");
        fields.put("animalId", "\"" + animalId + "\"");
        fields.put("sensorId", "\"bolus-" + animalId + "\"");
        fields.put("timestamp", "\"" + timestamp + "\"");
        fields.put("rumenTempC", "39.2");
        fields.put("activity", "11.5");
        fields.put("ruminationMin", "6");
        return fields;
    }

    static String json(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> "\"" + field.getKey() + "\":" + field.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** A deterministic id for the n-th reading of a test. */
    static String id(String test, int n) {
        return UUID.nameUUIDFromBytes((test + "/" + n).getBytes()).toString();
    }

    static String valid(String test, int n) {
        return json(
                fields(
                        id(test, n),
                        "cow-" + (n % 13),
                        Instant.parse("2026-03-01T00:00:00Z").plusSeconds(60L * n)));
    }

    static Map<String, String> with(Map<String, String> fields, String field, String rawJson) {
        Map<String, String> changed = new LinkedHashMap<>(fields);
        changed.put(field, rawJson);
        return changed;
    }

    static Map<String, String> without(Map<String, String> fields, String field) {
        Map<String, String> changed = new LinkedHashMap<>(fields);
        changed.remove(field);
        return changed;
    }
}
