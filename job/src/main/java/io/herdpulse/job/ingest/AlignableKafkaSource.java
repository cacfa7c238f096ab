package io.herdpulse.job.ingest;

import java.io.IOException;
import java.util.Properties;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.synchronization.FutureCompletingBlockingQueue;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.metrics.KafkaSourceReaderMetrics;
import org.apache.flink.connector.kafka.source.reader.KafkaRecordEmitter;
import org.apache.flink.connector.kafka.source.reader.KafkaSourceReader;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.connector.kafka.source.reader.fetcher.KafkaSourceFetcherManager;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.lineage.LineageVertexProvider;
import org.apache.flink.streaming.api.lineage.SourceLineageVertex;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A {@link KafkaSource} whose readers survive watermark alignment in a bounded run: everything is
 * the built source's (partitions, offsets, enumerator, checkpointed splits), except that each
 * reader reads through an {@link AssignedSplitsReader} and emits through {@link OffsetJumps}, built
 * as {@code KafkaSource.createReader} builds its own.
 */
final class AlignableKafkaSource<T>
        implements Source<T, KafkaPartitionSplit, KafkaSourceEnumState>,
                ResultTypeQueryable<T>,
                LineageVertexProvider {
    private static final long serialVersionUID = 1L;

    private final KafkaSource<T> source;
    private final KafkaRecordDeserializationSchema<T> deserializer;
    private final Properties consumer;

    /** {@code deserializer}: the one {@code source} was built with. */
    AlignableKafkaSource(KafkaSource<T> source, KafkaRecordDeserializationSchema<T> deserializer) {
        this.source = source;
        this.deserializer = deserializer;
        this.consumer = consumerProperties(source);
    }

    @Override
    public SourceReader<T, KafkaPartitionSplit> createReader(SourceReaderContext context)
            throws Exception {
        deserializer.open(
                new DeserializationSchema.InitializationContext() {
                    @Override
                    public MetricGroup getMetricGroup() {
                        return context.metricGroup().addGroup("deserializer");
                    }

                    @Override
                    public UserCodeClassLoader getUserCodeClassLoader() {
                        return context.getUserCodeClassLoader();
                    }
                });
        KafkaSourceReaderMetrics metrics = new KafkaSourceReaderMetrics(context.metricGroup());
        FutureCompletingBlockingQueue<RecordsWithSplitIds<ConsumerRecord<byte[], byte[]>>> fetched =
                new FutureCompletingBlockingQueue<>();
        Configuration options = new Configuration();
        consumer.stringPropertyNames()
                .forEach(key -> options.setString(key, consumer.getProperty(key)));
        return new KafkaSourceReader<>(
                fetched,
                new KafkaSourceFetcherManager(
                        fetched,
                        () -> new AssignedSplitsReader(consumer, context, metrics),
                        finished -> {}),
                new OffsetJumps<>(new KafkaRecordEmitter<>(deserializer), context.metricGroup()),
                options,
                context,
                metrics);
    }

    @Override
    public Boundedness getBoundedness() {
        return source.getBoundedness();
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> createEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context) {
        return source.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> restoreEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context, KafkaSourceEnumState checkpoint)
            throws IOException {
        return source.restoreEnumerator(context, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<KafkaPartitionSplit> getSplitSerializer() {
        return source.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<KafkaSourceEnumState> getEnumeratorCheckpointSerializer() {
        return source.getEnumeratorCheckpointSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return source.getProducedType();
    }

    @Override
    public SourceLineageVertex getLineageVertex() {
        return source.getLineageVertex();
    }

    /**
     * The consumer's properties as the builder completed them (byte-array deserializers, no
     * auto-commit, the client id prefix, the offset reset): the source keeps them to itself, and
     * its lineage facet is their one public copy.
     */
    static Properties consumerProperties(KafkaSource<?> source) {
        return source.getLineageVertex().datasets().stream()
                .map(dataset -> dataset.facets().get(DefaultKafkaDatasetFacet.KAFKA_FACET_NAME))
                .filter(KafkaDatasetFacet.class::isInstance)
                .map(facet -> ((KafkaDatasetFacet) facet).getProperties())
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "the Kafka source names no topic in its lineage"));
    }
}
