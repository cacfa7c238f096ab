package io.herdpulse.stack.drill;

import io.herdpulse.stack.kafka.KafkaBroker;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A run's own topic and consumer group: how far the data has been written, and whether the job has
 * read and committed all of it.
 */
final class DrillTopic {
    private final KafkaBroker kafka;
    private final String name;
    private final int partitions;

    DrillTopic(KafkaBroker kafka, String name, int partitions) {
        this.kafka = kafka;
        this.name = name;
        this.partitions = partitions;
    }

    String name() {
        return name;
    }

    void create() {
        kafka.createTopic(name, partitions);
    }

    /** Records in the topic, or empty while the broker does not answer. */
    OptionalLong records() {
        try (Admin admin = kafka.admin()) {
            return OptionalLong.of(
                    endOffsets(admin).values().stream().mapToLong(Long::longValue).sum());
        } catch (Exception notAnswering) {
            return OptionalLong.empty();
        }
    }

    /**
     * Whether the group has committed the end offset of every partition: the job's source commits
     * on completed checkpoints, so everything before has reached its sinks.
     */
    boolean consumedBy(String group) {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, Long> end = endOffsets(admin);
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata()
                            .get(10, TimeUnit.SECONDS);
            return end.entrySet().stream()
                    .allMatch(
                            partition -> {
                                OffsetAndMetadata offset = committed.get(partition.getKey());
                                return offset != null && offset.offset() == partition.getValue();
                            });
        } catch (Exception notAnswering) {
            return false;
        }
    }

    /** Deletes the topic and the group; what is already gone is fine. */
    void delete(String group) {
        try (Admin admin = kafka.admin()) {
            admin.deleteTopics(List.of(name)).all().get(30, TimeUnit.SECONDS);
            admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception alreadyGone) {
            // Left for a later drill to trip over only by name, which it never reuses.
        }
    }

    private Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> latest =
                IntStream.range(0, partitions)
                        .mapToObj(partition -> new TopicPartition(name, partition))
                        .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets =
                admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        return offsets.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset()));
    }
}
