package io.herdpulse.stack.drill;

import io.herdpulse.stack.StackException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Sends the drill's own messages into a run's topic as the simulator's readings progress. */
final class HostileSender implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final Deque<PlannedMessage> pending;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long sent;

    HostileSender(String bootstrapServers, String topic, List<PlannedMessage> messages) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "herdpulse-drill");
        // Idempotent with acks=all: a broker restart mid-run must neither lose nor double a
        // message,
        // or the two runs' inputs would differ.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // Longer than any broker outage a drill makes.
        int patience = (int) DrillData.SENDER_PATIENCE.toMillis();
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, patience);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, patience);
        this.producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.pending =
                new ArrayDeque<>(
                        messages.stream()
                                .sorted(Comparator.comparingDouble(PlannedMessage::due))
                                .toList());
    }

    /** Sends every message due at this share of the readings sent. */
    void sendDue(double progress) {
        while (!pending.isEmpty() && pending.peekFirst().due() <= progress) {
            send(pending.removeFirst());
        }
    }

    /** Sends what is left, then {@code last}, and waits until the broker has acknowledged all. */
    void finish(List<PlannedMessage> last) {
        sendDue(Double.POSITIVE_INFINITY);
        producer.flush();
        last.forEach(this::send);
        producer.flush();
        if (failure.get() != null) {
            throw new StackException(
                    "the drill could not send its own messages: " + failure.get(), failure.get());
        }
    }

    long sent() {
        return sent;
    }

    private void send(PlannedMessage message) {
        producer.send(
                new ProducerRecord<>(
                        topic,
                        message.partition(),
                        message.key() == null
                                ? null
                                : message.key().getBytes(StandardCharsets.UTF_8),
                        message.value().getBytes(StandardCharsets.UTF_8)),
                (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                });
        sent++;
    }

    @Override
    public void close() {
        producer.close();
    }
}
