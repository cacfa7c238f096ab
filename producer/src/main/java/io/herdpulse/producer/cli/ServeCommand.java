package io.herdpulse.producer.cli;

import io.herdpulse.producer.ProducerCli;
import io.herdpulse.producer.ingest.IngestServer;
import io.herdpulse.producer.ingest.IngestSettings;
import io.herdpulse.producer.ingest.ServerLimits;
import io.herdpulse.producer.kafka.publish.KafkaReadiness;
import io.herdpulse.producer.kafka.publish.KafkaSettings;
import io.herdpulse.producer.kafka.publish.ReadingPublisher;
import io.herdpulse.producer.metrics.ProducerMetrics;
import io.herdpulse.producer.run.RunReport;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code serve}: readings pushed over HTTP by a farm's base station. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Serves POST /v1/readings (a JSON array of readings in the message contract, or NDJSON)"
                    + ", GET /healthz and GET /readyz (503 while Kafka cannot take readings) until"
                    + " stopped (Ctrl-C/SIGTERM).",
            "Each reading is checked as the job checks it: 202 once Kafka acknowledged them all,"
                    + " 400 with the reason of each rejected one (the valid ones are published),"
                    + " 413/429 beyond the limits.",
            "With the environment variable "
                    + ServeCommand.TOKEN_VARIABLE
                    + " set, every request needs Authorization: Bearer <token>."
        })
public final class ServeCommand implements Callable<Integer> {
    public static final String TOKEN_VARIABLE = "HERDPULSE_INGEST_TOKEN";

    /** A request waits this much longer than the client's own delivery timeout. */
    private static final Duration ACK_MARGIN = Duration.ofSeconds(5);

    /** 1 GiB: a body is read into one array, which holds at most about 2 GiB. */
    private static final int MOST_BODY_BYTES = 1 << 30;

    /** Longer, sixteen clients sending nothing would keep every base station out for hours. */
    private static final Duration MOST_BODY_TIMEOUT = Duration.ofHours(1);

    /** A reading timestamped further ahead is a placeholder date, not a clock set wrong. */
    private static final Duration MOST_FUTURE = Duration.ofDays(365);

    @ParentCommand private ProducerCli cli;
    @Spec private CommandSpec spec;
    @Mixin private CommonOptions common;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--port",
            defaultValue = "8400",
            description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--max-body-bytes",
            defaultValue = "1048576",
            paramLabel = "BYTES",
            description = "Larger bodies are answered 413 (default: ${DEFAULT-VALUE}).")
    int maxBodyBytes;

    @Option(
            names = "--max-readings",
            defaultValue = "5000",
            paramLabel = "N",
            description =
                    "Requests with more readings are answered 413 (default: ${DEFAULT-VALUE}).")
    int maxReadings;

    @Option(
            names = "--max-concurrent-requests",
            defaultValue = "16",
            paramLabel = "N",
            description =
                    "Requests beyond this many at once are answered 429 (default:"
                            + " ${DEFAULT-VALUE}).")
    int maxConcurrentRequests;

    @Option(
            names = "--body-timeout",
            defaultValue = "PT10S",
            paramLabel = "DURATION",
            converter = Durations.Positive.class,
            description =
                    "A request whose body has not arrived this long after its turn came has its"
                            + " connection closed (default: ${DEFAULT-VALUE}).")
    Duration bodyTimeout;

    @Option(
            names = "--max-future",
            defaultValue = "PT5M",
            paramLabel = "DURATION",
            converter = Durations.Positive.class,
            description =
                    "Timestamps further ahead of this server's clock are rejected as"
                            + " FUTURE_TIMESTAMP, as the job does (default: ${DEFAULT-VALUE}).")
    Duration maxFuture;

    @Override
    public Integer call() {
        CommandChecks checks = new CommandChecks(spec);
        KafkaSettings kafka = common.kafka("serve", checks);
        checks.require(port >= 0 && port <= 65535, "--port must be 0 to 65535, not " + port);
        checks.require(
                maxBodyBytes > 0 && maxBodyBytes <= MOST_BODY_BYTES,
                "--max-body-bytes must be 1 to " + MOST_BODY_BYTES + ", not " + maxBodyBytes);
        checks.require(
                bodyTimeout.compareTo(MOST_BODY_TIMEOUT) <= 0,
                "--body-timeout must be at most PT1H, not " + bodyTimeout);
        checks.require(
                maxFuture.compareTo(MOST_FUTURE) <= 0,
                "--max-future must be at most P365D, not " + maxFuture);
        checks.require(maxReadings > 0, "--max-readings must be positive");
        checks.require(maxConcurrentRequests > 0, "--max-concurrent-requests must be positive");
        String token = checks.optionalToken(TOKEN_VARIABLE);
        IngestSettings settings =
                new IngestSettings(
                        host,
                        port,
                        maxBodyBytes,
                        maxReadings,
                        maxConcurrentRequests,
                        bodyTimeout,
                        maxFuture,
                        kafka.deliveryTimeout().plus(ACK_MARGIN),
                        token);
        // Before any server of this JVM starts, /metrics' too.
        ServerLimits.apply(settings);
        long startNanos = System.nanoTime();
        try (ProducerMetrics metrics = new ProducerMetrics();
                ReadingPublisher publisher = new ReadingPublisher(kafka, metrics)) {
            publisher.connect();
            common.serveMetrics(metrics);
            try (KafkaReadiness readiness = new KafkaReadiness(kafka, cli.err());
                    IngestServer server =
                            new IngestServer(
                                    settings,
                                    publisher,
                                    readiness,
                                    metrics.registry(),
                                    Clock.systemUTC())) {
                cli.err()
                        .println(
                                "serve: listening on http://"
                                        + host
                                        + ":"
                                        + server.port()
                                        + IngestServer.READINGS_PATH
                                        + (token == null ? "" : " (bearer token required)")
                                        + ", publishing to "
                                        + kafka.topic());
                while (!cli.stop().await(Duration.ofDays(1))) {
                    // serve until stopped
                }
            }
            publisher.flush();
            RunReport report =
                    new RunReport(
                            "serve",
                            publisher.sent(),
                            publisher.acknowledged(),
                            publisher.failed(),
                            publisher.retries(),
                            Duration.ofNanos(System.nanoTime() - startNanos),
                            null);
            cli.out().println(report.summary());
            return ProducerCli.EXIT_OK;
        }
    }
}
