package io.herdpulse.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReadingJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void writesEveryContractFieldWithItsContractName() throws Exception {
        Reading reading = cow7(14.2, 6.3);

        JsonNode json = MAPPER.readTree(ReadingJson.toJson(reading));

        assertThat(json.get("schemaVersion").intValue()).isEqualTo(1);
        assertThat(json.get("readingId").textValue())
                .isEqualTo("6f1c2a4e-8d0b-4b7e-9a51-3c2d1e0f9a8b");
        assertThat(json.get("farmId").textValue()).isEqualTo("farm-1");
        assertThat(json.get("animalId").textValue()).isEqualTo("cow-007");
        assertThat(json.get("sensorId").textValue()).isEqualTo("bolus-007");
        assertThat(json.get("timestamp").textValue()).isEqualTo("2026-03-01T10:20:00Z");
        assertThat(json.get("rumenTempC").doubleValue()).isEqualTo(39.1);
        assertThat(json.get("activity").doubleValue()).isEqualTo(12.5);
        assertThat(json.get("ruminationMin").doubleValue()).isEqualTo(7.0);
        assertThat(json.get("waterIntakeL").doubleValue()).isEqualTo(14.2);
        assertThat(json.get("rumenPh").doubleValue()).isEqualTo(6.3);
        assertThat(json.size()).isEqualTo(11);
    }

    @Test
    void omitsOptionalFieldsTheBolusDoesNotMeasure() throws Exception {
        Reading reading = cow7(null, null);

        String json = new String(ReadingJson.toJson(reading), StandardCharsets.UTF_8);

        assertThat(json).doesNotContain("waterIntakeL").doesNotContain("rumenPh");
        assertThat(MAPPER.readTree(json).size()).isEqualTo(9);
    }

    @Test
    void eachReadingWrittenOnOneThreadIsADocumentOfItsOwn() throws Exception {
        Reading withPh = cow7(14.2, 6.3);
        Reading withoutPh =
                new Reading(
                        1,
                        "0b6f7c1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b",
                        "farm-2",
                        "cow-8",
                        "bolus-8",
                        Instant.parse("2026-03-01T10:30:00Z"),
                        38.5,
                        3.0,
                        10.0,
                        null,
                        null);

        byte[] first = ReadingJson.toJson(withPh);
        byte[] second = ReadingJson.toJson(withoutPh);

        assertThat(MAPPER.readTree(first).get("animalId").textValue()).isEqualTo("cow-007");
        JsonNode secondJson = MAPPER.readTree(second);
        assertThat(secondJson.get("animalId").textValue()).isEqualTo("cow-8");
        assertThat(secondJson.size()).isEqualTo(9);
        assertThat(new String(second, StandardCharsets.UTF_8)).startsWith("{").endsWith("}");
        assertThat(ReadingJson.toJson(withPh)).isEqualTo(first);
    }

    private static Reading cow7(Double waterIntakeL, Double rumenPh) {
        return new Reading(
                1,
                "6f1c2a4e-8d0b-4b7e-9a51-3c2d1e0f9a8b",
                "farm-1",
                "cow-007",
                "bolus-007",
                Instant.parse("2026-03-01T10:20:00Z"),
                39.1,
                12.5,
                7.0,
                waterIntakeL,
                rumenPh);
    }
}
