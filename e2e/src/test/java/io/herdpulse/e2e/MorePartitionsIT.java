package io.herdpulse.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.Stack;
import io.herdpulse.stack.StackPorts;
import io.herdpulse.stack.flink.FlinkRest;
import io.herdpulse.stack.flink.JobDeployment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * A growing herd: the topic gets more partitions while the job runs, as a user gives them with
 * Kafka's own topic tool. The job must find them by itself, without a restart, and read them from
 * their first reading. Every animal's key then falls in a new partition, so each window open at the
 * change gets readings from two partitions, the fever goes on from another partition, and the first
 * reading, sent again, reaches a new partition while its first copy went to an old one: it must
 * still be the one DUPLICATE. The rows are compared with what {@link ReplayedHerd} computes from
 * the CSV.
 */
class MorePartitionsIT extends ReplayedHerdOnAFreshStack {
    /** The herd's readings before this index go before the partitions are added: mid-window. */
    private static final int READINGS_BEFORE_THE_CHANGE = 7;

    /** With ten, every animal of the herd falls in a new partition (checked by the test). */
    private static final int PARTITIONS_AFTER = 10;

    /** The job's partition discovery interval (one minute) and a scrape or two. */
    private static final Duration FOUND_WITHIN = Duration.ofMinutes(3);

    private static final StackPorts PORTS = StackPorts.defaults();

    @Test
    void partitionsAddedWhileTheJobRunsAreReadAndEveryReadingCountedOnce() throws Exception {
        ReplayedHerd.Interrupted herdAround = herd.interruptedAfter(READINGS_BEFORE_THE_CHANGE);
        assertThat(animalsLeftInAnOldPartition())
                .as("animals whose readings stay in an old partition after the change")
                .isEmpty();
        herd.replayUntilCheckpointed(herdAround.before());
        FlinkRest flink = new FlinkRest(PORTS.flinkRest());
        FlinkRest.Job job = flink.activeJob(JobDeployment.JOB_NAME).orElseThrow();

        addPartitionsWithKafkasTopicTool();
        await().atMost(FOUND_WITHIN)
                .pollInterval(Duration.ofSeconds(5))
                .untilAsserted(
                        () ->
                                assertThat(partitionsRead())
                                        .as("partitions the job's readers were given")
                                        .isEqualTo(PARTITIONS_AFTER));
        // All at once, moments after the job found the new partitions (idle or not yet): the
        // partition read first must hold the watermark until the others are read too (--wake-hold),
        // or the readings of the other source task would be LATE behind it.
        herd.replay(herdAround.after());

        herd.assertEveryReadingCountedOnce(herdAround);
        assertThat(readingsInNewPartitions())
                .as("readings sent to the new partitions")
                .isPositive();
        assertThat(flink.activeJob(JobDeployment.JOB_NAME))
                .as("the same job, never restarted")
                .hasValueSatisfying(
                        running -> {
                            assertThat(running.id()).isEqualTo(job.id());
                            assertThat(flink.health(running).restarts()).isZero();
                        });
    }

    /**
     * As the stack's Prometheus last scraped the job's Kafka readers: one offset per partition they
     * were given. (The job reads one topic; Flink's reporter writes its name with underscores.)
     */
    private static int partitionsRead() throws Exception {
        JsonNode partitions =
                PrometheusApi.query(
                        "count(flink_taskmanager_job_task_operator_KafkaSourceReader_topic_partition_currentOffset"
                                + "{job_name=\""
                                + JobDeployment.JOB_NAME
                                + "\"})");
        return partitions.isEmpty() ? 0 : partitions.get(0).path("value").get(1).asInt();
    }

    /** kafka-topics.sh --alter, run from the stack's own Kafka distribution. */
    private static void addPartitionsWithKafkasTopicTool() throws Exception {
        Process tool =
                new ProcessBuilder(
                                List.of(
                                        Path.of(System.getProperty("java.home"), "bin", "java")
                                                .toString(),
                                        "-cp",
                                        Distribution.classpathOf(
                                                new Distribution(herdpulse.checkout()).kafkaLibs()),
                                        "org.apache.kafka.tools.TopicCommand",
                                        "--bootstrap-server",
                                        "127.0.0.1:" + PORTS.kafka(),
                                        "--alter",
                                        "--topic",
                                        Stack.TOPIC,
                                        "--partitions",
                                        Integer.toString(PARTITIONS_AFTER)))
                        .redirectErrorStream(true)
                        .start();
        String output = new String(tool.getInputStream().readAllBytes(), UTF_8);
        assertThat(tool.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(tool.exitValue()).as(output).isZero();
    }

    /**
     * The animals whose key Kafka's default partitioner (murmur2 of the key, modulo the partition
     * count) keeps in one of the old partitions once there are {@link #PARTITIONS_AFTER}.
     */
    private static List<String> animalsLeftInAnOldPartition() {
        return ReplayedHerd.FARMS.stream()
                .flatMap(
                        farm ->
                                IntStream.rangeClosed(1, ReplayedHerd.ANIMALS_PER_FARM)
                                        .mapToObj(animal -> farm + "-cow-" + animal))
                .filter(
                        animal ->
                                Utils.toPositive(Utils.murmur2(animal.getBytes(UTF_8)))
                                                % PARTITIONS_AFTER
                                        < Stack.TOPIC_PARTITIONS)
                .toList();
    }

    private static long readingsInNewPartitions() throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + PORTS.kafka());
        try (Admin admin = Admin.create(config)) {
            var latest =
                    admin.listOffsets(
                                    IntStream.range(Stack.TOPIC_PARTITIONS, PARTITIONS_AFTER)
                                            .boxed()
                                            .collect(
                                                    Collectors.toMap(
                                                            partition ->
                                                                    new TopicPartition(
                                                                            Stack.TOPIC, partition),
                                                            partition -> OffsetSpec.latest())))
                            .all()
                            .get(30, TimeUnit.SECONDS);
            return latest.values().stream().mapToLong(info -> info.offset()).sum();
        }
    }
}
