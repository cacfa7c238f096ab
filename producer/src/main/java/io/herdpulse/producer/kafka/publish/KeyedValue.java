package io.herdpulse.producer.kafka.publish;

import io.herdpulse.model.Reading;
import io.herdpulse.model.ReadingJson;
import java.nio.charset.StandardCharsets;

/**
 * One record to publish as it will be on the topic.
 *
 * @param key the animal id, null when the value has none (the job then rejects the value by its own
 *     rules)
 * @param value the UTF-8 JSON value
 */
public record KeyedValue(String key, byte[] value) {

    public static KeyedValue of(Reading reading) {
        return new KeyedValue(reading.animalId(), ReadingJson.toJson(reading));
    }

    public String valueText() {
        return new String(value, StandardCharsets.UTF_8);
    }
}
