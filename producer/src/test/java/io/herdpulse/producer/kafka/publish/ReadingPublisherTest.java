package io.herdpulse.producer.kafka.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.producer.metrics.ProducerMetrics;
import io.herdpulse.stack.process.Ports;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class ReadingPublisherTest {
    @Test
    void aBatchForATopicWithoutMetadataFailsAtItsFirstRecordAndHandsOverNoMore() throws Exception {
        // Nothing listens there: the real client gets no metadata for the topic within its
        // max.block.ms (the connect timeout) and tells the send's callback, without throwing.
        KafkaSettings settings =
                new KafkaSettings(
                        "127.0.0.1:" + Ports.freePort(),
                        "topic",
                        "test",
                        Duration.ofSeconds(5),
                        Duration.ofMillis(200));
        List<KeyedValue> batch =
                IntStream.range(0, 8)
                        .mapToObj(
                                i ->
                                        new KeyedValue(
                                                "cow-" + i,
                                                ("{\"n\":" + i + "}")
                                                        .getBytes(StandardCharsets.UTF_8)))
                        .toList();
        try (ProducerMetrics metrics = new ProducerMetrics();
                ReadingPublisher publisher = new ReadingPublisher(settings, metrics)) {
            CompletableFuture<List<Refusal>> done = publisher.publish(batch);

            assertThat(done)
                    .failsWithin(10, TimeUnit.SECONDS)
                    .withThrowableOfType(Exception.class)
                    .havingRootCause()
                    .isInstanceOf(TimeoutException.class);
            // Each record handed over after the first would have waited the connect timeout too.
            assertThat(publisher.sent()).isEqualTo(1);
            assertThat(publisher.failed()).isEqualTo(1);
            assertThat(publisher.acknowledged()).isZero();
        }
    }
}
