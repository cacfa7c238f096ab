package io.herdpulse.bench.data;

import io.herdpulse.producer.kafka.publish.KafkaSettings;
import io.herdpulse.stack.StackException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends the benchmark's records with the producer's own settings ({@link KafkaSettings}), keyed by
 * animal; {@link #close} waits for every acknowledgement and fails if any record was not
 * acknowledged, so no data set is measured short.
 */
public final class Publisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    public Publisher(String bootstrapServers, String topic) {
        this.topic = topic;
        this.producer =
                new KafkaProducer<>(
                        new KafkaSettings(
                                        bootstrapServers,
                                        topic,
                                        "herdpulse-bench",
                                        Duration.ofMinutes(2),
                                        Duration.ofSeconds(15))
                                .producerConfig());
    }

    public void send(String animalId, byte[] value) {
        send(animalId, value, acknowledged -> {});
    }

    /** Sends; {@code onAcknowledged} runs on the client's thread once the broker has it. */
    public void send(String animalId, byte[] value, Consumer<RecordMetadata> onAcknowledged) {
        producer.send(
                new ProducerRecord<>(topic, animalId, value),
                (metadata, failure) -> {
                    if (failure != null) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, failure);
                    } else {
                        onAcknowledged.accept(metadata);
                    }
                });
    }

    @Override
    public void close() {
        producer.close();
        if (failed.get() > 0) {
            throw new StackException(
                    failed.get() + " records not acknowledged by Kafka: " + firstFailure.get());
        }
    }
}
