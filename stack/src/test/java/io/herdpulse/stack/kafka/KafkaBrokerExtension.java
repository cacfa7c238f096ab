package io.herdpulse.stack.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka broker for one test class: started before its first test, stopped by pid and its
 * data deleted after its last. {@code @RegisterExtension static final KafkaBrokerExtension KAFKA =
 * new KafkaBrokerExtension();}
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private KafkaBroker broker;

    public KafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("the broker starts before the test class's first test");
        }
        return broker;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("kafka-test-");
        broker = KafkaBroker.startForTests(dir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (broker != null) {
            broker.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
