package io.herdpulse.job;

import io.herdpulse.alerts.Arrival;
import io.herdpulse.job.admit.AdmitReadings;
import io.herdpulse.job.admit.Admitted;
import io.herdpulse.job.admit.Lateness;
import io.herdpulse.job.admit.PartitionWatermarks;
import io.herdpulse.job.admit.StampedReading;
import io.herdpulse.job.config.PipelineSettings;
import io.herdpulse.job.ingest.RestoredPartitionTimes;
import io.herdpulse.job.ingest.SourcedReading;
import io.herdpulse.job.ingest.WatermarksHeldOnWaking;
import io.herdpulse.job.sink.AnimalStatsUpsert;
import io.herdpulse.job.sink.FarmStatsUpsert;
import io.herdpulse.job.sink.LatestPerCheckpoint;
import io.herdpulse.job.sink.Sinks;
import io.herdpulse.job.sink.Upsert;
import io.herdpulse.job.stats.AnimalAggregate;
import io.herdpulse.job.stats.AnimalStats;
import io.herdpulse.job.stats.AnimalWindow;
import io.herdpulse.job.stats.FarmAggregate;
import io.herdpulse.job.stats.FarmStats;
import io.herdpulse.job.stats.FarmWindow;
import io.herdpulse.job.stats.NeverIdle;
import io.herdpulse.job.validation.CountRejected;
import io.herdpulse.job.validation.RouteRejected;
import io.herdpulse.job.validation.Validated;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Reading;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The HerdPulse topology, apart from where its records come from and go to: source → validate →
 * stamp each partition's watermark → (by animal) de-duplicate and reject late readings → windows
 * per animal (→ alerts) → (by farm) windows per farm → sinks.
 */
public final class HerdPulsePipeline {

    /**
     * The alert rules over the de-duplicated valid readings (LATE ones included: the rules work on
     * single readings, not windows), already keyed by animal, with event time, watermarks and each
     * reading's partition watermark.
     */
    public interface AlertStage
            extends Function<KeyedStream<Arrival, String>, DataStream<HealthAlert>> {}

    /**
     * How often the slowest partition's watermark is shared for alignment: at a backlog's ~10,000
     * readings/s a herd's event time moves by minutes a second, and Flink's default of a second
     * would let the others run that far past the allowed drift.
     */
    private static final Duration ALIGNMENT_INTERVAL = Duration.ofMillis(200);

    private HerdPulsePipeline() {}

    public static void define(
            StreamExecutionEnvironment env,
            Source<Validated, ?, ?> source,
            PipelineSettings settings,
            Sinks sinks,
            Optional<AlertStage> alerts) {
        // Watermarks per Kafka partition, from valid readings only: a garbage or far-future
        // timestamp never moves event time, and a quiet partition goes idle instead of stalling;
        // waking, it holds the watermark at its first reading a moment, for those waking with it;
        // restored, it resumes at its watermark in the checkpoint, whatever its first reading.
        // A partition running ahead of the slowest one is paused (watermark alignment): reading a
        // backlog, partitions of more and fewer animals advance at different rates in event time
        // and drifted hours apart, and every reading of the faster ones waited in keyed state for
        // the slowest's watermark (in the alert rules' order, its window and their timers), which
        // every checkpoint then wrote out. In real time nothing is paused: the partitions are
        // seconds apart.
        WatermarkStrategy<Validated> eventTime =
                WatermarkStrategy.<Validated>forGenerator(
                                WatermarksHeldOnWaking.<Validated>supplier(
                                        (validated, timestamp) -> validated.watermarkTimeMillis(),
                                        validated ->
                                                RestoredPartitionTimes.newestOf(
                                                        validated
                                                                .valid()
                                                                .position()
                                                                .kafkaPartition()),
                                        settings.outOfOrderness(),
                                        settings.idleness(),
                                        settings.wakeHold()))
                        .withWatermarkAlignment(
                                "readings", settings.maxPartitionDrift(), ALIGNMENT_INTERVAL)
                        .withTimestampAssigner(
                                (validated, kafkaTime) -> validated.eventTimeMillis());

        SingleOutputStreamOperator<SourcedReading> valid =
                env.fromSource(source, eventTime, "read and validate readings")
                        .uid("kafka-source")
                        .process(new RouteRejected())
                        .name("route rejected readings")
                        .uid("route-rejected");

        // The one shuffle of the readings: by animal. The windows keyed by animal run chained in
        // the same task, without serialising; the alert rules, which also hear every farm's reports
        // (a second input), in a task of their own fed one to one.
        SingleOutputStreamOperator<Admitted> admitted =
                valid.process(new PartitionWatermarks(settings.outOfOrderness()))
                        .name("stamp partition watermarks")
                        .uid("partition-watermarks")
                        .keyBy(StampedReading::animalId)
                        .transform(
                                "de-duplicate and reject late readings",
                                TypeInformation.of(Admitted.class),
                                new AdmitReadings(
                                        new Lateness(settings.window(), settings.allowedLateness()),
                                        settings.dedupHorizon()))
                        // The uid of the lateness guard this operator replaced, whose checkpointed
                        // watermark it restores.
                        .uid("lateness-guard");

        // The windows never see a late reading: AdmitReadings' watermark is never behind theirs,
        // and its rule is theirs.
        SingleOutputStreamOperator<AnimalStats> animalStats =
                byAnimal(
                                admitted.filter(Admitted::onTime)
                                        .name("readings on time")
                                        .map(Admitted::reading)
                                        .name("reading"),
                                Reading::animalId)
                        .window(TumblingEventTimeWindows.of(settings.window()))
                        .allowedLateness(settings.allowedLateness())
                        .aggregate(new AnimalAggregate(), new AnimalWindow())
                        .name("window per animal")
                        .uid("animal-window");

        // Built from the animals' windows, which fire before the farm's: the farm window sees an
        // animal's late update exactly when the animal window accepted the late reading, as long
        // as no animal task is ever idle to it.
        SingleOutputStreamOperator<FarmStats> farmStats =
                animalStats
                        .transform(
                                "never idle to the farms",
                                TypeInformation.of(AnimalStats.class),
                                new NeverIdle<>())
                        .uid("never-idle-to-the-farms")
                        .keyBy(AnimalStats::farmId)
                        .window(TumblingEventTimeWindows.of(settings.window()))
                        .allowedLateness(settings.allowedLateness())
                        .aggregate(new FarmAggregate(), new FarmWindow(settings.feverThresholdC()))
                        .name("window per farm")
                        .uid("farm-window");

        valid.getSideOutput(RouteRejected.REJECTED)
                .union(admitted.getSideOutput(AdmitReadings.REJECTED))
                .map(new CountRejected())
                .name("count rejected readings")
                .uid("count-rejected")
                .sinkTo(sinks.rejected())
                .name("rejected_readings")
                .uid("rejected-readings-sink");

        upsertPerCheckpoint(
                animalStats, new AnimalStatsUpsert(), sinks.animalStats(), "animal_health_stats");
        upsertPerCheckpoint(
                farmStats, new FarmStatsUpsert(), sinks.farmStats(), "farm_health_stats");
        // Alerts are written as they are raised: the alert sink sends each row as a statement of
        // its own (JdbcSinks), so a start and its end in one batch need no combining.
        alerts.ifPresent(
                stage ->
                        stage.apply(
                                        byAnimal(
                                                admitted.map(Admitted::arrival).name("arrival"),
                                                Arrival::animalId))
                                .sinkTo(sinks.healthAlerts())
                                .name("health_alerts")
                                .uid("health_alerts-sink"));
    }

    /**
     * The readings as the keyed stream by animal they already are: AdmitReadings' output stays on
     * the subtask of its key, so no second shuffle is needed.
     */
    private static <T> KeyedStream<T, String> byAnimal(
            DataStream<T> admitted, KeySelector<T, String> animal) {
        return DataStreamUtils.reinterpretAsKeyedStream(admitted, animal, Types.STRING);
    }

    /**
     * Rows of a table held until the next checkpoint, each key sent once. The rows come from an
     * operator keyed by a part of the table's key, so every key's rows are on one subtask already.
     *
     * <p>A task of its own (fed one to one, so that still holds): the JDBC writer sends its batches
     * synchronously and the checkpoint's rows all at once, and chained to the windows it held up
     * the one task that de-duplicates, windows and alerts while PostgreSQL answered (JFR: over a
     * quarter of that task's time blocked in socket reads; the profile in docs/benchmarks.md).
     */
    private static <T> void upsertPerCheckpoint(
            DataStream<T> rows, Upsert<T> upsert, Sink<T> sink, String table) {
        rows.transform(
                        "latest " + table + " row per checkpoint",
                        rows.getType(),
                        new LatestPerCheckpoint<>(upsert))
                .uid(table + "-latest")
                .startNewChain()
                .sinkTo(sink)
                .name(table)
                .uid(table + "-sink");
    }
}
