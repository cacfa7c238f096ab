package io.herdpulse.job.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herdpulse.stack.kafka.KafkaBrokerExtension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.kafka.source.metrics.KafkaSourceReaderMetrics;
import org.apache.flink.connector.kafka.source.reader.KafkaPartitionSplitReader;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Watermark alignment's pause reaching a split reader after a bounded split ended, on a real
 * broker: the reader pauses and resumes the splits it still reads and leaves the ended one alone,
 * where Kafka's own reader fails (FLINK-39728).
 */
class AssignedSplitsReaderTest {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private final ScheduledExecutorService waker = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopWaker() {
        waker.shutdownNow();
    }

    @Test
    void pausingASplitThatEndedPausesOnlyTheOthers() throws Exception {
        Splits splits = new Splits("assigned-" + System.nanoTime());
        try (AssignedSplitsReader reader =
                new AssignedSplitsReader(splits.consumer(), new Context(), splits.metrics())) {
            splits.readToTheEndOfTheBounded(reader);

            reader.pauseOrResumeSplits(List.of(splits.bounded, splits.open), List.of());
            splits.send(1, "after the pause");
            assertThat(values(fetchWokenAfterASecond(reader))).isEmpty();

            reader.pauseOrResumeSplits(List.of(), List.of(splits.bounded, splits.open));
            assertThat(values(reader.fetch())).containsExactly("after the pause");
        }
    }

    @Test
    void kafkasOwnReaderFailsOnTheSamePause() throws Exception {
        Splits splits = new Splits("unassigned-" + System.nanoTime());
        try (KafkaPartitionSplitReader reader =
                new KafkaPartitionSplitReader(splits.consumer(), new Context(), splits.metrics())) {
            splits.readToTheEndOfTheBounded(reader);

            assertThatThrownBy(
                            () ->
                                    reader.pauseOrResumeSplits(
                                            List.of(splits.bounded, splits.open), List.of()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("No current assignment");
        }
    }

    private RecordsWithSplitIds<ConsumerRecord<byte[], byte[]>> fetchWokenAfterASecond(
            SplitReader<ConsumerRecord<byte[], byte[]>, KafkaPartitionSplit> reader)
            throws Exception {
        waker.schedule(reader::wakeUp, 1, TimeUnit.SECONDS);
        return reader.fetch();
    }

    private static List<String> values(
            RecordsWithSplitIds<ConsumerRecord<byte[], byte[]>> fetched) {
        List<String> values = new ArrayList<>();
        while (fetched.nextSplit() != null) {
            for (ConsumerRecord<byte[], byte[]> record = fetched.nextRecordFromSplit();
                    record != null;
                    record = fetched.nextRecordFromSplit()) {
                values.add(new String(record.value(), UTF_8));
            }
        }
        fetched.recycle();
        return values;
    }

    /** A topic of two partitions, two records each: partition 0 read up to offset 2, 1 open. */
    private static final class Splits {
        final String topic;
        final KafkaPartitionSplit bounded;
        final KafkaPartitionSplit open;

        Splits(String topic) throws Exception {
            this.topic = topic;
            KAFKA.broker().createTopic(topic, 2);
            for (int partition = 0; partition < 2; partition++) {
                send(partition, "first");
                send(partition, "second");
            }
            bounded = new KafkaPartitionSplit(new TopicPartition(topic, 0), 0, 2);
            open = new KafkaPartitionSplit(new TopicPartition(topic, 1), 0);
        }

        void send(int partition, String value) throws Exception {
            Properties producer = new Properties();
            producer.put(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.broker().bootstrapServers());
            try (KafkaProducer<byte[], byte[]> kafka =
                    new KafkaProducer<>(
                            producer, new ByteArraySerializer(), new ByteArraySerializer())) {
                kafka.send(new ProducerRecord<>(topic, partition, null, value.getBytes(UTF_8)))
                        .get();
            }
        }

        Properties consumer() {
            Properties consumer = new Properties();
            consumer.put(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.broker().bootstrapServers());
            consumer.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
            consumer.put(
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    ByteArrayDeserializer.class.getName());
            consumer.put(
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    ByteArrayDeserializer.class.getName());
            consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            return consumer;
        }

        KafkaSourceReaderMetrics metrics() {
            return new KafkaSourceReaderMetrics(
                    UnregisteredMetricsGroup.createSourceReaderMetricGroup());
        }

        /** Fetches until the bounded split has ended and all four records are read. */
        void readToTheEndOfTheBounded(
                SplitReader<ConsumerRecord<byte[], byte[]>, KafkaPartitionSplit> reader)
                throws Exception {
            reader.handleSplitsChanges(new SplitsAddition<>(List.of(bounded, open)));
            Set<String> finished = new HashSet<>();
            List<String> read = new ArrayList<>();
            while (!finished.contains(bounded.splitId()) || read.size() < 4) {
                RecordsWithSplitIds<ConsumerRecord<byte[], byte[]>> fetched = reader.fetch();
                finished.addAll(fetched.finishedSplits());
                read.addAll(values(fetched));
            }
            assertThat(read).containsExactlyInAnyOrder("first", "second", "first", "second");
        }
    }

    private static final class Context implements SourceReaderContext {
        @Override
        public SourceReaderMetricGroup metricGroup() {
            return UnregisteredMetricsGroup.createSourceReaderMetricGroup();
        }

        @Override
        public Configuration getConfiguration() {
            return new Configuration();
        }

        @Override
        public String getLocalHostName() {
            return "localhost";
        }

        @Override
        public int getIndexOfSubtask() {
            return 0;
        }

        @Override
        public void sendSplitRequest() {}

        @Override
        public void sendSourceEventToCoordinator(SourceEvent sourceEvent) {}

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
            return SimpleUserCodeClassLoader.create(getClass().getClassLoader());
        }
    }
}
