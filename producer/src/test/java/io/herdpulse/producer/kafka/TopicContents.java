package io.herdpulse.producer.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads back what a run wrote, and checks it against DESIGN.md's message contract. */
public final class TopicContents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> FIELDS =
            Set.of(
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

    private TopicContents() {}

    /** Every record of the topic, read until {@code quiet} passes without a new one. */
    public static List<ConsumerRecord<String, byte[]>> readAll(
            String bootstrap, String topic, Duration quiet) {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                        ByteArrayDeserializer.class,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < quiet.toNanos()) {
                var batch = consumer.poll(Duration.ofMillis(200));
                if (!batch.isEmpty()) {
                    batch.forEach(records::add);
                    quietSince = System.nanoTime();
                }
            }
        }
        return records;
    }

    /** How many records the topic holds, from its end offsets: what the broker acknowledged. */
    public static long recordsIn(String bootstrap, String topic) {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                        StringDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                        ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(info -> new TopicPartition(topic, info.partition()))
                            .toList();
            return consumer.endOffsets(partitions).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    public static JsonNode json(ConsumerRecord<String, byte[]> record) {
        try {
            return JSON.readTree(record.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value is a reading as DESIGN.md defines it, keyed by its animal. */
    public static void assertValidReading(ConsumerRecord<String, byte[]> record) {
        JsonNode reading = json(record);
        assertThat(reading.isObject()).isTrue();
        reading.fieldNames().forEachRemaining(name -> assertThat(FIELDS).contains(name));
        assertThat(reading.get("schemaVersion").isInt()).isTrue();
        assertThat(reading.get("schemaVersion").intValue()).isEqualTo(1);
        assertThat(UUID.fromString(reading.get("readingId").textValue()).toString())
                .isEqualTo(reading.get("readingId").textValue());
        assertThat(reading.get("farmId").textValue()).matches(ID);
        assertThat(reading.get("animalId").textValue()).matches(ID).isEqualTo(record.key());
        assertThat(reading.get("sensorId").textValue()).isNotEmpty();
        String timestamp = reading.get("timestamp").textValue();
        assertThat(timestamp).endsWith("Z");
        Instant.parse(timestamp);
        assertThat(reading.get("rumenTempC").isNumber()).isTrue();
        assertThat(reading.get("rumenTempC").doubleValue()).isBetween(20.0, 45.0);
        assertThat(reading.get("activity").doubleValue()).isGreaterThanOrEqualTo(0);
        assertThat(reading.get("ruminationMin").doubleValue()).isBetween(0.0, 60.0);
        if (reading.has("waterIntakeL")) {
            assertThat(reading.get("waterIntakeL").doubleValue()).isBetween(0.0, 100.0);
        }
        if (reading.has("rumenPh")) {
            assertThat(reading.get("rumenPh").doubleValue()).isBetween(4.0, 8.0);
        }
    }
}
