package io.herdpulse.model;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes a {@link Reading} as the UTF-8 JSON of the contract.
 *
 * <p>Streamed through a {@link JsonGenerator} rather than data binding: the producer calls this
 * once per record on its hot path, and the explicit field order keeps the bytes reproducible for a
 * seeded run. Each thread keeps one generator over a buffer emptied before every reading, because
 * creating a generator costs about as much as writing a reading. Optional fields are omitted when
 * absent, as a bolus without a pH sensor sends no {@code rumenPh}.
 */
public final class ReadingJson {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ThreadLocal<Writer> WRITERS = ThreadLocal.withInitial(Writer::new);

    private ReadingJson() {}

    public static byte[] toJson(Reading reading) {
        Writer writer = WRITERS.get();
        try {
            return writer.write(reading);
        } catch (IOException e) {
            // A generator that failed mid-document must not write the next reading.
            WRITERS.remove();
            throw new UncheckedIOException("cannot write reading " + reading.readingId(), e);
        }
    }

    /**
     * A generator writing one root object after another, with no separator, into a reusable buffer.
     */
    private static final class Writer {
        private final ByteArrayBuilder buffer = new ByteArrayBuilder(320);
        private final JsonGenerator json;

        private Writer() {
            try {
                json = FACTORY.createGenerator(buffer, JsonEncoding.UTF8);
                json.setRootValueSeparator(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private byte[] write(Reading reading) throws IOException {
            buffer.reset();
            json.writeStartObject();
            json.writeNumberField(ReadingFields.SCHEMA_VERSION, reading.schemaVersion());
            json.writeStringField(ReadingFields.READING_ID, reading.readingId());
            json.writeStringField(ReadingFields.FARM_ID, reading.farmId());
            json.writeStringField(ReadingFields.ANIMAL_ID, reading.animalId());
            json.writeStringField(ReadingFields.SENSOR_ID, reading.sensorId());
            json.writeStringField(ReadingFields.TIMESTAMP, reading.timestamp().toString());
            json.writeNumberField(ReadingFields.RUMEN_TEMP_C, reading.rumenTempC());
            json.writeNumberField(ReadingFields.ACTIVITY, reading.activity());
            json.writeNumberField(ReadingFields.RUMINATION_MIN, reading.ruminationMin());
            if (reading.waterIntakeL() != null) {
                json.writeNumberField(ReadingFields.WATER_INTAKE_L, reading.waterIntakeL());
            }
            if (reading.rumenPh() != null) {
                json.writeNumberField(ReadingFields.RUMEN_PH, reading.rumenPh());
            }
            json.writeEndObject();
            json.flush();
            return buffer.toByteArray();
        }
    }
}
