package io.herdpulse.producer.kafka.publish;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Whether Kafka can take readings for the topic now: every partition has a leader, as Kafka's admin
 * client last found it, looking every {@link #LOOK_INTERVAL} in the background.
 *
 * <p>The producer client cannot tell: while the broker is away it queues readings and retries until
 * the delivery timeout. A server that must answer within seconds whether to send more asks this
 * instead.
 */
public final class KafkaReadiness implements AutoCloseable {
    /** How often Kafka is looked at, and how long a look waits: the most a change goes unseen. */
    static final Duration LOOK_INTERVAL = Duration.ofSeconds(2);

    private final KafkaSettings settings;
    private final Admin admin;
    private final ScheduledExecutorService looks =
            Executors.newSingleThreadScheduledExecutor(
                    runnable -> {
                        Thread thread = new Thread(runnable, "herdpulse-kafka-readiness");
                        thread.setDaemon(true);
                        return thread;
                    });

    /** Why Kafka cannot take readings, or null while it can. */
    private volatile String unavailable;

    /** Ready at first (the caller connected just before); the first look follows at once. */
    public KafkaReadiness(KafkaSettings settings) {
        this.settings = settings;
        int lookMillis = Math.toIntExact(LOOK_INTERVAL.toMillis());
        this.admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                settings.bootstrapServers(),
                                AdminClientConfig.CLIENT_ID_CONFIG,
                                settings.clientId() + "-readiness",
                                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                                lookMillis,
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                lookMillis));
        looks.scheduleWithFixedDelay(this::look, 0, lookMillis, TimeUnit.MILLISECONDS);
    }

    /** Why Kafka cannot take readings now, empty when it can. */
    public Optional<String> unavailable() {
        return Optional.ofNullable(unavailable);
    }

    private void look() {
        try {
            TopicDescription topic =
                    admin.describeTopics(
                                    List.of(settings.topic()),
                                    new DescribeTopicsOptions()
                                            .timeoutMs(Math.toIntExact(LOOK_INTERVAL.toMillis())))
                            .allTopicNames()
                            .get(LOOK_INTERVAL.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS)
                            .get(settings.topic());
            List<Integer> leaderless =
                    topic.partitions().stream()
                            .filter(partition -> partition.leader() == null)
                            .map(TopicPartitionInfo::partition)
                            .toList();
            unavailable =
                    leaderless.isEmpty()
                            ? null
                            : "partitions "
                                    + leaderless
                                    + " of topic "
                                    + settings.topic()
                                    + " have no leader at "
                                    + settings.bootstrapServers();
        } catch (ExecutionException e) {
            unavailable =
                    "Kafka at "
                            + settings.bootstrapServers()
                            + " did not describe topic "
                            + settings.topic()
                            + ": "
                            + e.getCause().getMessage();
        } catch (TimeoutException e) {
            unavailable = "no answer from Kafka at " + settings.bootstrapServers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException bug) {
            // A look that throws would end the schedule and freeze the last answer.
            unavailable = "cannot look at Kafka: " + bug;
        }
    }

    @Override
    public void close() {
        looks.shutdownNow();
        admin.close(Duration.ZERO);
    }
}
