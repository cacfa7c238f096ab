package io.herdpulse.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herdpulse.stack.kafka.KafkaBroker;
import io.herdpulse.stack.process.Ports;
import io.herdpulse.stack.process.Stopped;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

    @Test
    void startsAKraftBrokerThatCreatesTopicsAndStopsByPid(@TempDir Path dir) throws Exception {
        long pid;
        int port;
        try (KafkaBroker broker = KafkaBroker.startForTests(dir)) {
            pid = broker.running().orElseThrow().pid();
            port = broker.settings().clientPort();
            broker.createTopic("readings", 3, Stack.TOPIC_CONFIG);
            broker.createTopic("readings", 3); // creating an existing topic is not an error

            Properties config = new Properties();
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (Admin admin = Admin.create(config)) {
                TopicDescription topic =
                        admin.describeTopics(Set.of("readings"))
                                .allTopicNames()
                                .get(30, TimeUnit.SECONDS)
                                .get("readings");
                assertThat(topic.partitions()).hasSize(3);
                ConfigResource readings = new ConfigResource(ConfigResource.Type.TOPIC, "readings");
                assertThat(
                                admin.describeConfigs(Set.of(readings))
                                        .all()
                                        .get(30, TimeUnit.SECONDS)
                                        .get(readings)
                                        .get("message.timestamp.type")
                                        .value())
                        .as("stamped as the broker appends, as the job's FUTURE_TIMESTAMP expects")
                        .isEqualTo("LogAppendTime");
            }
        }
        assertThat(ProcessHandle.of(pid)).isEmpty();
        assertThat(Ports.isFree(port)).isTrue();
    }

    @Test
    void answersWhileItServesAndNotWhileStoppedOrGone(@TempDir Path dir) throws Exception {
        int port;
        try (KafkaBroker broker = KafkaBroker.startForTests(dir)) {
            port = broker.settings().clientPort();
            long pid = broker.running().orElseThrow().pid();
            assertThat(broker.answers()).isTrue();

            // Stopped, it still accepts connections (the kernel does) and answers none of them.
            Stopped.signal("-STOP", pid);
            try {
                // kill returns once the signal is sent; on a loaded machine a thread of the
                // broker ran on and answered the probe before it stopped (a full check,
                // 2026-12-06). Probe once every thread is stopped.
                await().atMost(Duration.ofSeconds(10)).until(() -> Stopped.everyThreadStopped(pid));
                assertThat(broker.answers()).isFalse();
            } finally {
                Stopped.signal("-CONT", pid);
            }
            assertThat(broker.answers()).isTrue();
            broker.stop();
            assertThat(broker.answers()).isFalse();
        }
        assertThat(Ports.isFree(port)).isTrue();
    }

    @Test
    void aSilentPortIsNoBroker(@TempDir Path dir) throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            KafkaBroker notStarted =
                    new KafkaBroker(
                            Distribution.locate(),
                            new StackHome(dir),
                            new KafkaBroker.Settings(
                                    silent.getLocalPort(), Ports.freePort(), 0, null));

            assertThat(notStarted.answers()).isFalse();
        }
    }

    @Test
    void aReplacedTopicIsNewAndEmptyWithItsConfig(@TempDir Path dir) throws Exception {
        try (KafkaBroker broker = KafkaBroker.startForTests(dir)) {
            broker.createTopic("left-behind", 2);
            Properties producerConfig = new Properties();
            producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(
                            producerConfig, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("left-behind", "cow-1", "old")).get();
            }

            broker.replaceTopic(
                    "left-behind", 3, Map.of("message.timestamp.type", "LogAppendTime"));

            Properties config = new Properties();
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (Admin admin = Admin.create(config)) {
                assertThat(
                                admin.describeTopics(Set.of("left-behind"))
                                        .allTopicNames()
                                        .get(30, TimeUnit.SECONDS)
                                        .get("left-behind")
                                        .partitions())
                        .hasSize(3);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (int partition = 0; partition < 3; partition++) {
                    latest.put(new TopicPartition("left-behind", partition), OffsetSpec.latest());
                }
                assertThat(admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values())
                        .allSatisfy(offset -> assertThat(offset.offset()).isZero());
                ConfigResource resource =
                        new ConfigResource(ConfigResource.Type.TOPIC, "left-behind");
                assertThat(
                                admin.describeConfigs(Set.of(resource))
                                        .all()
                                        .get(30, TimeUnit.SECONDS)
                                        .get(resource)
                                        .get("message.timestamp.type")
                                        .value())
                        .isEqualTo("LogAppendTime");
            }
        }
    }

    @Test
    void aReplacedTopicTakesRecordsOnEveryPartitionWithoutARetry(@TempDir Path dir)
            throws Exception {
        int partitions = 4;
        Properties config = new Properties();
        // No retry: a partition whose leader is named but whose log is not there yet fails the
        // send.
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.put(ProducerConfig.RETRIES_CONFIG, 0);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaBroker broker = KafkaBroker.startForTests(dir)) {
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
                for (int round = 0; round < 20; round++) {
                    String topic = "fresh-" + round;
                    broker.replaceTopic(topic, partitions, Map.of());
                    List<Future<RecordMetadata>> sent = new ArrayList<>();
                    for (int partition = 0; partition < partitions; partition++) {
                        sent.add(
                                producer.send(
                                        new ProducerRecord<>(
                                                topic, partition, "cow-1", "reading")));
                    }
                    for (Future<RecordMetadata> send : sent) {
                        assertThat(send.get(30, TimeUnit.SECONDS).offset()).isZero();
                    }
                }
            }
        }
    }
}
