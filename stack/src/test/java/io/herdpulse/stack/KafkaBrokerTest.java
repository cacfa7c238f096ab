package io.herdpulse.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.stack.kafka.KafkaBroker;
import io.herdpulse.stack.process.Ports;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
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
            broker.createTopic("readings", 3);
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
            }
        }
        assertThat(ProcessHandle.of(pid)).isEmpty();
        assertThat(Ports.isFree(port)).isTrue();
    }
}
