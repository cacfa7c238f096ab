package io.herdpulse.monitoring.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.monitoring.RepositoryFiles;
import io.herdpulse.monitoring.prometheus.ExporterMetricNamesTest;
import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.StackHome;
import io.herdpulse.stack.kafka.KafkaBroker;
import io.herdpulse.stack.process.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * monitoring/kafka/jmx-exporter.yml on a real Kafka 4 broker with the real JMX exporter agent:
 * after readings are written and read, the broker exports every Kafka metric the dashboards and
 * alerts read, with the values the traffic implies, and little else.
 */
class JmxExporterRulesTest {
    private static final String TOPIC = "cow-health-data";
    private static final int PARTITIONS = 3;
    private static final int MESSAGES = 500;

    @TempDir static Path home;
    private static KafkaBroker broker;
    private static String exposition;

    @BeforeAll
    static void brokerWithTrafficThroughIt() throws Exception {
        broker =
                new KafkaBroker(
                        Distribution.locate(),
                        new StackHome(home),
                        new KafkaBroker.Settings(
                                Ports.freePort(),
                                Ports.freePort(),
                                Ports.freePort(),
                                RepositoryFiles.monitoring().resolve("kafka/jmx-exporter.yml")));
        broker.start();
        broker.createTopic(TOPIC, PARTITIONS);
        produce();
        consume();
        exposition = scrape();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyKafkaMetricTheDashboardsAndAlertsReadIsExported() {
        assertThat(exportedNames()).containsAll(ExporterMetricNamesTest.kafkaNamesRead());
    }

    @Test
    void countersFollowTheTrafficPerTopic() {
        assertThat(value("kafka_server_broker_topic_messages_in_total{topic=\"" + TOPIC + "\"}"))
                .isEqualTo(MESSAGES);
        assertThat(value("kafka_server_broker_topic_bytes_in_total{topic=\"" + TOPIC + "\"}"))
                .isPositive();
        assertThat(value("kafka_server_broker_topic_bytes_out_total{topic=\"" + TOPIC + "\"}"))
                .isPositive();
        assertThat(exposition)
                .contains("# TYPE kafka_server_broker_topic_messages_in_total counter");
    }

    @Test
    void brokerStateAndPartitionsAreThoseOfAHealthyBroker() {
        assertThat(value("kafka_server_broker_state")).isEqualTo(3); // RUNNING
        assertThat(value("kafka_controller_active_controllers")).isEqualTo(1);
        assertThat(value("kafka_server_replica_manager_under_replicated_partitions")).isZero();
        assertThat(value("kafka_controller_offline_partitions")).isZero();
        // Our topic plus __consumer_offsets, created by the consumer's group.
        assertThat(value("kafka_controller_global_partitions"))
                .isEqualTo(value("kafka_server_replica_manager_partitions"))
                .isGreaterThan(PARTITIONS);
        assertThat(
                        value(
                                "kafka_network_request_total_time_seconds{quantile=\"0.99\",request=\"Produce\"}"))
                .isNotNegative();
    }

    /**
     * Without rules the agent exports ~9,800 kafka_* series; the rules keep what an operator reads.
     */
    @Test
    void onlyTheSelectedMetricsAreExported() {
        long kafkaSeries = exposition.lines().filter(line -> line.startsWith("kafka_")).count();
        assertThat(kafkaSeries).isBetween(20L, 400L);
        assertThat(exportedNames()).allMatch(name -> name.matches("[a-z][a-z0-9_]*"));
    }

    private static Set<String> exportedNames() {
        Set<String> names = new TreeSet<>();
        exposition
                .lines()
                .filter(line -> line.startsWith("kafka_"))
                .forEach(line -> names.add(line.split("[{ ]")[0]));
        return names;
    }

    private static double value(String series) {
        Matcher line =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(exposition);
        assertThat(line.find()).as(series + " in\n" + exposition).isTrue();
        return Double.parseDouble(line.group(1));
    }

    private static void produce() throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < MESSAGES; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "cow-" + (i % 20), "{\"n\":" + i + "}"));
            }
            producer.flush();
        }
    }

    private static void consume() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "jmx-rules-test");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(TOPIC));
            int read = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read < MESSAGES && System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(500)).count();
            }
            assertThat(read).isEqualTo(MESSAGES);
        }
    }

    private static String scrape() throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(
                                URI.create(
                                        "http://127.0.0.1:"
                                                + broker.settings().jmxExporterPort()
                                                + "/metrics"))
                        .timeout(Duration.ofSeconds(30))
                        .build();
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
