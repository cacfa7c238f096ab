package io.herdpulse.producer.kafka.publish;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Where and how readings are published.
 *
 * @param deliveryTimeout how long the client keeps retrying a record before it counts as failed
 * @param connectTimeout how long a send waits for the topic's metadata (at start, and whenever the
 *     broker is away) and for buffer space
 */
public record KafkaSettings(
        String bootstrapServers,
        String topic,
        String clientId,
        Duration deliveryTimeout,
        Duration connectTimeout) {

    /** Batching waits at most this long, so a real-time herd is not held back noticeably. */
    static final int LINGER_MS = 10;

    /**
     * The producer configuration; the benchmark gives Kafka's ProducerPerformance the same one, so
     * the two are compared on equal terms.
     */
    public Map<String, Object> producerConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.putAll(tuning());
        return config;
    }

    /** The settings that differ from the client's defaults, each for a reason. */
    public Map<String, Object> tuning() {
        Map<String, Object> config = new LinkedHashMap<>();
        // A reading counts as sent only once every in-sync replica has it, and retries can
        // neither duplicate nor reorder an animal's readings (the defaults in Kafka 4, stated
        // because the pipeline relies on them).
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Readings are ~300 bytes: the default 16 KB batch holds ~50, too few for a backfill of
        // days; 64 KB batches and a short linger give the broker far fewer requests.
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        config.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        // JSON of near-identical readings compresses several fold; lz4 is the cheapest on CPU.
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        int deliveryMs = Math.toIntExact(deliveryTimeout.toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryMs);
        // The client requires delivery.timeout >= linger + request.timeout; a short delivery
        // timeout (a test, an impatient user) shortens each request's timeout with it.
        config.put(
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(30_000, deliveryMs - LINGER_MS));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, connectTimeout.toMillis());
        return config;
    }
}
