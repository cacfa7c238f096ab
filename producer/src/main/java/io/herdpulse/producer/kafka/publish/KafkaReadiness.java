package io.herdpulse.producer.kafka.publish;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Whether Kafka can take readings for the topic now, as its admin client finds it, looking every
 * {@link #LOOK_INTERVAL} in the background: every partition has a leader and at least the topic's
 * {@code min.insync.replicas} in sync, so a write with {@code acks=all} can be acknowledged.
 *
 * <p>The producer client cannot tell: while the broker is away it queues readings and retries until
 * the delivery timeout. A server that must answer within seconds whether to send more asks this
 * instead. Kafka counts as away only after {@link #LOOKS_TO_CALL_AWAY} looks in a row find it so:
 * one slow answer (a broker's pause, a busy request queue) must not refuse every client.
 */
public final class KafkaReadiness implements AutoCloseable {
    /** How often Kafka is looked at, and how long a look waits for its answers (the admin's). */
    static final Duration LOOK_INTERVAL = Duration.ofSeconds(2);

    static final int LOOKS_TO_CALL_AWAY = 2;

    private final KafkaSettings settings;
    private final PrintStream log;
    private final Admin admin;
    private final ScheduledExecutorService looks =
            Executors.newSingleThreadScheduledExecutor(
                    runnable -> {
                        Thread thread = new Thread(runnable, "herdpulse-kafka-readiness");
                        thread.setDaemon(true);
                        return thread;
                    });

    private int awayLooks;

    /** Why Kafka cannot take readings, or null while it can. */
    private volatile String away;

    /**
     * Ready at first (the caller connected just before); the first look follows at once.
     *
     * @param log where each change is told, with its reason
     */
    public KafkaReadiness(KafkaSettings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
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

    /** Whether Kafka can take readings now. */
    public boolean ready() {
        return away == null;
    }

    private void look() {
        String why;
        try {
            why = whyNotReady();
        } catch (ExecutionException e) {
            why =
                    e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException
                            ? noAnswer()
                            : "Kafka at "
                                    + settings.bootstrapServers()
                                    + " answered: "
                                    + e.getCause();
        } catch (TimeoutException e) {
            why = noAnswer();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException bug) {
            // Thrown out of a scheduled task, it would end the looks and freeze the last answer.
            why = "cannot look at Kafka: " + bug;
        } catch (Error fatal) {
            // It ends the looks all the same: not ready for good, and said, rather than frozen.
            log.println("serve: not ready until restarted, the look at Kafka failed: " + fatal);
            away = "the look at Kafka failed: " + fatal;
            throw fatal;
        }
        awayLooks = why == null ? 0 : awayLooks + 1;
        // Told before it takes effect: whoever sees the change finds its reason in the log.
        if (why == null && away != null) {
            log.println("serve: Kafka takes readings again; ready");
            away = null;
        } else if (why != null && away == null && awayLooks >= LOOKS_TO_CALL_AWAY) {
            log.println(
                    "serve: not ready, readings are refused with 503 until Kafka is back: " + why);
            away = why;
        }
    }

    private String noAnswer() {
        return "no answer from Kafka at " + settings.bootstrapServers();
    }

    /** Null when every partition can acknowledge a write with {@code acks=all}. */
    private String whyNotReady() throws ExecutionException, TimeoutException, InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, settings.topic());
        var topic = admin.describeTopics(List.of(settings.topic())).allTopicNames();
        var configs = admin.describeConfigs(List.of(resource)).all();
        long waitMillis = LOOK_INTERVAL.multipliedBy(2).toMillis();
        TopicDescription partitions =
                topic.get(waitMillis, TimeUnit.MILLISECONDS).get(settings.topic());
        int needed = minInSyncReplicas(configs, resource, waitMillis);
        for (TopicPartitionInfo partition : partitions.partitions()) {
            if (partition.leader() == null) {
                return "partition "
                        + partition.partition()
                        + " of "
                        + settings.topic()
                        + " has no leader";
            }
            if (partition.isr().size() < needed) {
                return "partition "
                        + partition.partition()
                        + " of "
                        + settings.topic()
                        + " has "
                        + partition.isr().size()
                        + " replicas in sync, fewer than its min.insync.replicas of "
                        + needed;
            }
        }
        return null;
    }

    /**
     * The topic's {@code min.insync.replicas}, or 1 when it cannot be read: describing configs
     * takes a right that writing does not, and a producer without it can still write.
     */
    private static int minInSyncReplicas(
            KafkaFuture<Map<ConfigResource, Config>> configs, ConfigResource topic, long waitMillis)
            throws TimeoutException, InterruptedException {
        try {
            Config config = configs.get(waitMillis, TimeUnit.MILLISECONDS).get(topic);
            ConfigEntry entry =
                    config == null ? null : config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
            return entry == null || entry.value() == null ? 1 : Integer.parseInt(entry.value());
        } catch (ExecutionException | NumberFormatException unreadable) {
            return 1;
        }
    }

    @Override
    public void close() {
        looks.shutdownNow();
        admin.close(Duration.ZERO);
    }
}
