package io.herdpulse.stack.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.StackException;
import io.herdpulse.stack.StackHome;
import java.nio.file.Path;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's server.properties, read back the way the broker reads it. */
class ServerPropertiesTest {

    @Test
    void aHomeOutsideAsciiIsTheLogDirectoryKafkaReads(@TempDir Path dir) throws Exception {
        StackHome home = new StackHome(dir.resolve("hérd ∂"));
        KafkaBroker broker =
                new KafkaBroker(
                        new Distribution(dir), home, new KafkaBroker.Settings(9092, 9093, 0, null));

        Path written = broker.writeServerProperties();

        assertThat(Utils.loadProps(written.toString()).getProperty("log.dirs"))
                .isEqualTo(home.data(KafkaBroker.NAME).toString());
    }

    /** Kafka would split it into two log directories, one of them outside the home. */
    @Test
    void aHomeWithACommaIsRefusedWithTheReason(@TempDir Path dir) {
        KafkaBroker broker =
                new KafkaBroker(
                        new Distribution(dir),
                        new StackHome(dir.resolve("herd, 2")),
                        new KafkaBroker.Settings(9092, 9093, 0, null));

        assertThatThrownBy(broker::writeServerProperties)
                .isInstanceOf(StackException.class)
                .hasMessageContaining("HERDPULSE_HOME");
    }
}
