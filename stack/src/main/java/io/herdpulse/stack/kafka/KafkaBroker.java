package io.herdpulse.stack.kafka;

import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.StackException;
import io.herdpulse.stack.StackHome;
import io.herdpulse.stack.process.ManagedProcess;
import io.herdpulse.stack.process.Ports;
import io.herdpulse.stack.process.Signal;
import io.herdpulse.stack.process.Wait;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * A single-node Kafka 4 broker in KRaft mode (broker and controller in one JVM), run from the
 * build's dist/kafka classpath, optionally with the Prometheus JMX exporter agent.
 */
public final class KafkaBroker implements AutoCloseable {
    public static final String NAME = "kafka";

    /** How long a start may take before it counts as failed. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    private static final int MAX_PROBE_RESPONSE = 1 << 20;

    /**
     * @param jmxExporterPort 0 for no exporter
     * @param jmxExporterRules the exporter's rules file, when it runs
     */
    public record Settings(
            int clientPort, int controllerPort, int jmxExporterPort, Path jmxExporterRules) {}

    private final Distribution distribution;
    private final Settings settings;
    private final Path dataDir;
    private final Path confDir;
    private final ManagedProcess process;

    public KafkaBroker(Distribution distribution, StackHome home, Settings settings) {
        this.distribution = distribution;
        this.settings = settings;
        this.dataDir = home.data(NAME);
        this.confDir = home.conf(NAME);
        this.process = new ManagedProcess(NAME, home.pidFile(NAME), home.log(NAME));
    }

    /**
     * A broker for tests: free loopback ports, no exporter, everything under {@code dir}; returns
     * once it answers a metadata request. {@link #close()} stops it by pid.
     */
    public static KafkaBroker startForTests(Path dir) {
        KafkaBroker broker =
                new KafkaBroker(
                        Distribution.locate(),
                        new StackHome(dir),
                        new Settings(Ports.freePort(), Ports.freePort(), 0, null));
        broker.start();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + settings.clientPort();
    }

    public Settings settings() {
        return settings;
    }

    public ManagedProcess process() {
        return process;
    }

    /**
     * Formats the log directory on first start, launches the broker and waits until it serves
     * metadata.
     */
    public void start() {
        process.kill();
        Path serverProperties = writeServerProperties();
        Path log4j = writeLog4jConfig();
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            format(serverProperties, log4j);
        }
        List<String> command =
                new ArrayList<>(List.of(Distribution.java(), "-Xms256m", "-Xmx512m"));
        command.add("-XX:+UseG1GC");
        command.add("-Dlog4j2.configurationFile=" + log4j);
        if (settings.jmxExporterPort() > 0) {
            command.add(
                    "-javaagent:"
                            + Distribution.require(distribution.jmxExporterAgent())
                            + "=127.0.0.1:"
                            + settings.jmxExporterPort()
                            + ":"
                            + Distribution.require(settings.jmxExporterRules()));
        }
        command.addAll(
                List.of(
                        "-cp",
                        Distribution.classpathOf(distribution.kafkaLibs()),
                        "kafka.Kafka",
                        serverProperties.toString()));
        awaitHealthy(process.start(command, Map.of(), dataDir));
    }

    /**
     * Returns once the running broker serves metadata: for one already running, which an {@code up}
     * killed while it booted left before its topic was created.
     */
    public void awaitHealthy() {
        awaitHealthy(
                process.running().orElseThrow(() -> new StackException("Kafka is not running")));
    }

    private void awaitHealthy(ProcessHandle broker) {
        Wait.until("Kafka", START_TIMEOUT, process.logFile(), broker, this::isHealthy);
    }

    /** Whether the broker answers a metadata request within a few seconds. */
    public boolean isHealthy() {
        if (!Ports.isListening(settings.clientPort())) {
            return false; // spares the admin client's connection warnings while the broker boots
        }
        try (Admin admin = admin()) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty();
        } catch (Exception notAnswering) {
            return false;
        }
    }

    /**
     * Whether the broker answers at all, within seconds: the supervisor's look, each second, so one
     * ApiVersions request on one connection rather than an admin client's bootstrap and metadata.
     * Any response is an answer, an error too; only a connection that fails or stays silent is
     * none.
     */
    public boolean answers() {
        RequestHeader header =
                new RequestHeader(
                        ApiKeys.API_VERSIONS,
                        ApiKeys.API_VERSIONS.latestVersion(),
                        "herdpulse-supervisor",
                        1);
        ByteBuffer request =
                new ApiVersionsRequest.Builder()
                        .build(header.apiVersion())
                        .serializeWithHeader(header);
        try (Socket socket = new Socket()) {
            socket.connect(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.clientPort()),
                    (int) PROBE_TIMEOUT.toMillis());
            socket.setSoTimeout((int) PROBE_TIMEOUT.toMillis());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(request.remaining());
            Channels.newChannel(out).write(request);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            if (size < 0 || size > MAX_PROBE_RESPONSE) {
                return false; // not a Kafka broker on that port
            }
            byte[] response = new byte[size];
            in.readFully(response);
            // Checks the correlation id: the answer is to this request.
            AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
            return true;
        } catch (IOException | RuntimeException silentOrNotKafka) {
            return false;
        }
    }

    /**
     * Creates the topic unless it exists, and returns once every partition takes records (see
     * {@link #awaitWritable}).
     */
    public void createTopic(String topic, int partitions) {
        createTopic(topic, partitions, Map.of());
    }

    /** The same, with the topic's configuration, if it is created. */
    public void createTopic(String topic, int partitions, Map<String, String> config) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(config)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new StackException("cannot create topic " + topic + ": " + e.getCause(), e);
            }
        } catch (Exception e) {
            throw new StackException("cannot create topic " + topic + ": " + e, e);
        }
        awaitWritable(topic);
    }

    /**
     * A new, empty topic, whatever was there: one of the same name (left by a killed benchmark or
     * drill, whose records would be counted) is deleted first. Returns once every partition takes
     * records.
     */
    public void replaceTopic(String topic, int partitions, Map<String, String> config) {
        Wait.until(
                "a new topic " + topic,
                Duration.ofSeconds(60),
                process.logFile(),
                null,
                () -> createdAnew(topic, partitions, config));
        awaitWritable(topic);
    }

    private boolean createdAnew(String topic, int partitions, Map<String, String> config) {
        try (Admin admin = admin()) {
            try {
                admin.createTopics(
                                List.of(new NewTopic(topic, partitions, (short) 1).configs(config)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
                return true;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                // There, or still being deleted: Kafka deletes asynchronously.
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                return false;
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false; // its deletion had already begun
            }
            throw new StackException("cannot create topic " + topic + ": " + e.getCause(), e);
        } catch (Exception e) {
            throw new StackException("cannot create topic " + topic + ": " + e, e);
        }
    }

    /**
     * Returns once every partition of a topic just created answers from its leader's own log: an
     * idempotent producer whose first batches meet NOT_LEADER_OR_FOLLOWER retries them behind later
     * ones, and under load some of those fail with OUT_OF_ORDER_SEQUENCE_NUMBER or expire
     * (AlertScoringIT, BenchQuickIT). The topic's metadata names the leader before the broker has
     * created the partition's log (Kafka publishes the metadata image first), so a described leader
     * is not enough: a ListOffsets request is served by the leader's replica only.
     */
    private void awaitWritable(String topic) {
        try (Admin admin = admin()) {
            Wait.until(
                    "every partition of topic " + topic + " to take records",
                    Duration.ofSeconds(30),
                    process.logFile(),
                    null,
                    () -> everyPartitionServed(admin, topic));
        }
    }

    private static boolean everyPartitionServed(Admin admin, String topic) {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicPartitionInfo partition :
                    admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get(5, TimeUnit.SECONDS)
                            .get(topic)
                            .partitions()) {
                if (partition.leader() == null) {
                    return false;
                }
                latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
            }
            admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while waiting for topic " + topic, e);
        }
    }

    public Optional<ProcessHandle> running() {
        return process.running();
    }

    public void stop() {
        process.stop(Signal.TERM, STOP_GRACE);
    }

    @Override
    public void close() {
        stop();
    }

    /** An admin client of this broker with short timeouts; the caller closes it. */
    public Admin admin() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        return Admin.create(config);
    }

    private void format(Path serverProperties, Path log4j) {
        List<String> command =
                List.of(
                        Distribution.java(),
                        "-Dlog4j2.configurationFile=" + log4j,
                        "-cp",
                        Distribution.classpathOf(distribution.kafkaLibs()),
                        "kafka.tools.StorageTool",
                        "format",
                        "--cluster-id",
                        Uuid.randomUuid().toString(),
                        "--config",
                        serverProperties.toString(),
                        "--standalone");
        try {
            Process format =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(
                                    ProcessBuilder.Redirect.appendTo(process.logFile().toFile()))
                            .start();
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new StackException(
                        "formatting the Kafka log directory failed; see " + process.logFile());
            }
        } catch (IOException e) {
            throw new StackException("cannot run the Kafka storage tool: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while formatting Kafka storage", e);
        }
    }

    /**
     * Kafka reads this file with {@code Properties.load(InputStream)}, as ISO-8859-1, so it is
     * written by {@code Properties.store}, which escapes what ISO-8859-1 cannot hold: a home path
     * outside ASCII written as UTF-8 named a garbled second log directory, and every later start
     * formatted it again and failed.
     */
    Path writeServerProperties() {
        // Kafka reads log.dirs as a list: a comma would split the home into two log directories.
        if (dataDir.toString().indexOf(',') >= 0) {
            throw new StackException(
                    "Kafka cannot use a stack home whose path holds ',' ("
                            + dataDir
                            + "): it splits its log directories there; give HERDPULSE_HOME a path"
                            + " without one");
        }
        Properties properties = new Properties();
        properties.setProperty("process.roles", "broker,controller");
        properties.setProperty("node.id", "1");
        properties.setProperty(
                "controller.quorum.bootstrap.servers", "127.0.0.1:" + settings.controllerPort());
        properties.setProperty(
                "listeners",
                "PLAINTEXT://127.0.0.1:"
                        + settings.clientPort()
                        + ",CONTROLLER://127.0.0.1:"
                        + settings.controllerPort());
        properties.setProperty(
                "advertised.listeners", "PLAINTEXT://127.0.0.1:" + settings.clientPort());
        properties.setProperty("controller.listener.names", "CONTROLLER");
        properties.setProperty("inter.broker.listener.name", "PLAINTEXT");
        properties.setProperty(
                "listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        properties.setProperty("log.dirs", dataDir.toString());
        // A single broker: internal topics cannot have more replicas than brokers.
        properties.setProperty("offsets.topic.replication.factor", "1");
        properties.setProperty("transaction.state.log.replication.factor", "1");
        properties.setProperty("transaction.state.log.min.isr", "1");
        properties.setProperty("share.coordinator.state.topic.replication.factor", "1");
        properties.setProperty("share.coordinator.state.topic.min.isr", "1");
        // Consumers of a fresh stack should not wait 3 s for a rebalance nobody else joins.
        properties.setProperty("group.initial.rebalance.delay.ms", "0");
        // Topics are created on purpose with their partition count, never by a typo.
        properties.setProperty("auto.create.topics.enable", "false");
        Path file = confDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(
                    out,
                    "Rendered by herdpulse at each start; edit the code in stack/, not this file.");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path writeLog4jConfig() {
        // Output goes to the process' stdout, which the launcher appends to logs/kafka.log.
        String config =
                String.join(
                        "\n",
                        "status = warn",
                        "appender.console.type = Console",
                        "appender.console.name = console",
                        "appender.console.layout.type = PatternLayout",
                        "appender.console.layout.pattern = [%d] %p %m (%c)%n",
                        "rootLogger.level = info",
                        "rootLogger.appenderRef.console.ref = console",
                        "logger.kafka.name = kafka",
                        "logger.kafka.level = info",
                        "logger.state.name = state.change.logger",
                        "logger.state.level = warn",
                        "");
        return write(confDir.resolve("log4j2.properties"), config);
    }

    private static Path write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
