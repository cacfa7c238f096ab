package io.herdpulse.producer.cli;

import io.herdpulse.producer.kafka.publish.KafkaSettings;
import io.herdpulse.producer.metrics.ProducerMetrics;
import java.time.Duration;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Option;

/** The options both commands share: where to publish and where to serve metrics. */
public final class CommonOptions {
    private static final Duration MIN_DELIVERY_TIMEOUT = Duration.ofSeconds(1);

    /** The client takes delivery.timeout.ms as an int: at most 24.8 days. */
    private static final Duration MAX_DELIVERY_TIMEOUT = Duration.ofDays(24);

    @Option(
            names = "--bootstrap-servers",
            defaultValue = "127.0.0.1:9092",
            paramLabel = "HOST:PORT[,…]",
            description = "Kafka brokers to connect to (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(
            names = "--topic",
            defaultValue = "cow-health-data",
            description = "Topic to write readings to; it must exist (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--metrics-port",
            defaultValue = "9400",
            paramLabel = "PORT",
            description =
                    "Port of the Prometheus /metrics endpoint on 127.0.0.1; 0 for none (default:"
                            + " ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(
            names = "--metrics-host",
            defaultValue = "127.0.0.1",
            paramLabel = "ADDRESS",
            description =
                    "Address /metrics binds to; only a container needs another (default:"
                            + " ${DEFAULT-VALUE}).")
    String metricsHost;

    @Option(
            names = "--delivery-timeout",
            defaultValue = "PT2M",
            paramLabel = "DURATION",
            converter = Durations.Positive.class,
            description =
                    "How long the Kafka client retries a record before the run fails with it, as"
                            + " ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration deliveryTimeout;

    @Option(
            names = "--connect-timeout",
            defaultValue = "PT15S",
            paramLabel = "DURATION",
            converter = Durations.Positive.class,
            description = "How long to wait for the broker at start (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    KafkaSettings kafka(String command, CommandChecks checks) {
        checks.require(!bootstrapServers.isBlank(), "--bootstrap-servers must not be empty");
        checks.require(!topic.isBlank(), "--topic must not be empty");
        checks.require(
                metricsPort >= 0 && metricsPort <= 65535,
                "--metrics-port must be 0 to 65535, not " + metricsPort);
        for (String server : bootstrapServers.split(",", -1)) {
            // Read as the Kafka client reads each entry, which refuses the same ones only once
            // it is built, as a failure to build it.
            String entry = server.trim();
            Integer port = Utils.getPort(entry);
            checks.require(
                    Utils.getHost(entry) != null && port != null && port <= 65535,
                    "--bootstrap-servers must be HOST:PORT[,…] with ports up to 65535, not '"
                            + entry
                            + "'");
        }
        checks.require(
                deliveryTimeout.compareTo(MIN_DELIVERY_TIMEOUT) >= 0
                        && deliveryTimeout.compareTo(MAX_DELIVERY_TIMEOUT) <= 0,
                "--delivery-timeout must be PT1S to P24D, not " + deliveryTimeout);
        return new KafkaSettings(
                bootstrapServers.trim(),
                topic.trim(),
                "herdpulse-producer-" + command,
                deliveryTimeout,
                connectTimeout);
    }

    void serveMetrics(ProducerMetrics metrics) {
        metrics.serve(metricsHost, metricsPort);
    }
}
