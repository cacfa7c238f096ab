package io.herdpulse.job.ingest;

import io.herdpulse.job.config.KafkaSettings;
import io.herdpulse.job.validation.Validated;
import io.herdpulse.job.validation.ValidatingDeserializer;
import io.herdpulse.model.validation.ReadingValidator;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * The Kafka source of the job: raw records of the topic, validated as they are read, its partitions
 * paused where they run ahead of the others in event time (watermark alignment, {@link
 * AlignableKafkaSource}).
 */
public final class KafkaIngest {
    private KafkaIngest() {}

    /**
     * @param maxFuture how far ahead of the job's clock a reading's timestamp may be
     * @param stoppingOffsets where a bounded run stops; ignored unless {@code kafka.bounded()}
     */
    public static Source<Validated, KafkaPartitionSplit, KafkaSourceEnumState> source(
            KafkaSettings kafka, Duration maxFuture, OffsetsInitializer stoppingOffsets) {
        ValidatingDeserializer validator =
                new ValidatingDeserializer(new ReadingValidator(maxFuture), Clock.systemUTC());
        KafkaSourceBuilder<Validated> builder =
                KafkaSource.<Validated>builder()
                        .setBootstrapServers(kafka.bootstrapServers())
                        .setTopics(kafka.topic())
                        .setGroupId(kafka.groupId())
                        .setStartingOffsets(startingOffsets(kafka))
                        .setDeserializer(validator)
                        // Offsets are committed when a checkpoint completes, so the group's lag
                        // shows what the job has durably processed.
                        .setProperty("commit.offsets.on.checkpoint", "true")
                        // A new partition of the topic is picked up without a restart.
                        .setProperty("partition.discovery.interval.ms", "60000")
                        // The consumer's own ~150 metrics per reader are registered again at
                        // every restore, on the TaskManager that is taking over, and nothing
                        // reads them; pendingRecords (the lag the dashboards show) is the
                        // reader's own and stays.
                        .setProperty("register.consumer.metrics", "false");
        if (kafka.bounded()) {
            builder.setBounded(stoppingOffsets);
        }
        return new AlignableKafkaSource<>(builder.build(), validator);
    }

    /** The job's own source: a bounded run stops at the end the topic has when it starts. */
    public static Source<Validated, KafkaPartitionSplit, KafkaSourceEnumState> source(
            KafkaSettings kafka, Duration maxFuture) {
        return source(kafka, maxFuture, OffsetsInitializer.latest());
    }

    private static OffsetsInitializer startingOffsets(KafkaSettings kafka) {
        return switch (kafka.startingOffsets()) {
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> new FromTheEnd();
        };
    }

    /**
     * The topic's end when the job starts, like {@link OffsetsInitializer#latest()}, except where a
     * restored split's offset is no longer in the log (retention deleted it while the job was down
     * or behind): the source's consumer resets such an offset by its starting offsets' strategy,
     * and {@code latest()}'s jumped to the end, past every reading retention had kept.
     */
    private record FromTheEnd() implements OffsetsInitializer {
        @Override
        public Map<TopicPartition, Long> getPartitionOffsets(
                Collection<TopicPartition> partitions, PartitionOffsetsRetriever retriever) {
            return retriever.endOffsets(partitions);
        }

        @Override
        public OffsetResetStrategy getAutoOffsetResetStrategy() {
            return OffsetResetStrategy.EARLIEST;
        }
    }
}
