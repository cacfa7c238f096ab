package io.herdpulse.producer.poll;

import io.herdpulse.producer.kafka.publish.KafkaSettings;
import io.herdpulse.producer.kafka.publish.PublishException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The end of the topic, read by a consumer of its own (no group, nothing committed): where it ends
 * now, and which values arrived after given offsets.
 */
final class TopicTail implements AutoCloseable {
    private final KafkaSettings kafka;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;

    TopicTail(KafkaSettings kafka) {
        this.kafka = kafka;
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, kafka.clientId() + "-resume-check");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // An offset retention has deleted since: read from the oldest kept, not from the end.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(config);
        this.partitions =
                consumer.partitionsFor(kafka.topic(), kafka.connectTimeout()).stream()
                        .map(info -> new TopicPartition(kafka.topic(), info.partition()))
                        .toList();
    }

    Map<Integer, Long> endOffsets() {
        Map<Integer, Long> offsets = new TreeMap<>();
        consumer.endOffsets(partitions, kafka.connectTimeout())
                .forEach((partition, offset) -> offsets.put(partition.partition(), offset));
        return offsets;
    }

    /**
     * How many times each of the {@code wanted} values occurs in the topic after {@code from} (a
     * partition missing from it is read from its start), up to the end as it is now. Other values
     * (other producers', the pages before) are read past, not kept: after a long outage on a busy
     * topic they are many. Gives up after the delivery timeout without a record read.
     */
    Map<String, Integer> valuesSince(Map<Integer, Long> from, Set<String> wanted) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, kafka.connectTimeout());
        consumer.assign(partitions);
        for (TopicPartition partition : partitions) {
            consumer.seek(partition, from.getOrDefault(partition.partition(), 0L));
        }
        Map<String, Integer> counts = new HashMap<>();
        long deadline = System.nanoTime() + kafka.deliveryTimeout().toNanos();
        while (!reached(end)) {
            if (System.nanoTime() > deadline) {
                throw new PublishException(
                        "cannot read topic "
                                + kafka.topic()
                                + " back to the end: nothing came for "
                                + kafka.deliveryTimeout()
                                + " while looking for what of the page in flight reached it",
                        null);
            }
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
            if (!records.isEmpty()) {
                deadline = System.nanoTime() + kafka.deliveryTimeout().toNanos();
            }
            for (ConsumerRecord<byte[], byte[]> record : records) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < end.get(partition) && record.value() != null) {
                    String value = new String(record.value(), StandardCharsets.UTF_8);
                    if (wanted.contains(value)) {
                        counts.merge(value, 1, Integer::sum);
                    }
                }
            }
        }
        consumer.unsubscribe();
        return counts;
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition) < end.get(partition)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
