package io.herdpulse.job;

import io.herdpulse.job.config.PipelineSettings;
import io.herdpulse.job.dedup.DeduplicateReadings;
import io.herdpulse.job.ingest.SourcedReading;
import io.herdpulse.job.sink.AnimalStatsUpsert;
import io.herdpulse.job.sink.FarmStatsUpsert;
import io.herdpulse.job.sink.HealthAlertUpsert;
import io.herdpulse.job.sink.LatestPerCheckpoint;
import io.herdpulse.job.sink.Sinks;
import io.herdpulse.job.sink.Upsert;
import io.herdpulse.job.stats.AnimalAggregate;
import io.herdpulse.job.stats.AnimalStats;
import io.herdpulse.job.stats.AnimalWindow;
import io.herdpulse.job.stats.FarmAggregate;
import io.herdpulse.job.stats.FarmStats;
import io.herdpulse.job.stats.FarmWindow;
import io.herdpulse.job.stats.LatenessGuard;
import io.herdpulse.job.stats.RejectLate;
import io.herdpulse.job.validation.CountRejected;
import io.herdpulse.job.validation.Rejected;
import io.herdpulse.job.validation.RouteRejected;
import io.herdpulse.job.validation.Validated;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Reading;
import java.util.Optional;
import java.util.function.Function;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The HerdPulse topology, apart from where its records come from and go to: source → validate →
 * de-duplicate → windows per animal and per farm (→ alerts) → sinks.
 */
public final class HerdPulsePipeline {

    /** The alert rules: keyed per animal over the de-duplicated valid readings, in event time. */
    public interface AlertStage extends Function<DataStream<Reading>, DataStream<HealthAlert>> {}

    private HerdPulsePipeline() {}

    public static void define(
            StreamExecutionEnvironment env,
            Source<Validated, ?, ?> source,
            PipelineSettings settings,
            Sinks sinks,
            Optional<AlertStage> alerts) {
        // Watermarks per Kafka partition, from valid readings only: a garbage or far-future
        // timestamp never moves event time, and a quiet partition goes idle instead of stalling.
        WatermarkStrategy<Validated> eventTime =
                WatermarkStrategy.<Validated>forBoundedOutOfOrderness(settings.outOfOrderness())
                        .withIdleness(settings.idleness())
                        .withTimestampAssigner(
                                (validated, kafkaTime) -> validated.eventTimeMillis());

        SingleOutputStreamOperator<SourcedReading> valid =
                env.fromSource(source, eventTime, "read and validate readings")
                        .uid("kafka-source")
                        .process(new RouteRejected())
                        .name("route rejected readings")
                        .uid("route-rejected");

        SingleOutputStreamOperator<SourcedReading> unique =
                valid.keyBy(reading -> reading.reading().readingId())
                        .process(new DeduplicateReadings(settings.dedupTtl()))
                        .name("de-duplicate by readingId")
                        .uid("deduplicate");

        SingleOutputStreamOperator<SourcedReading> onTime =
                unique.transform(
                                "reject readings late since the last checkpoint",
                                TypeInformation.of(SourcedReading.class),
                                new LatenessGuard(settings.window(), settings.allowedLateness()))
                        .uid("lateness-guard");

        SingleOutputStreamOperator<AnimalStats> animalStats =
                onTime.keyBy(reading -> reading.reading().animalId())
                        .window(TumblingEventTimeWindows.of(settings.window()))
                        .allowedLateness(settings.allowedLateness())
                        .sideOutputLateData(LatenessGuard.LATE)
                        .aggregate(new AnimalAggregate(), new AnimalWindow())
                        .name("window per animal")
                        .uid("animal-window");

        // Built from the animals' windows, which fire before the farm's: the farm window sees an
        // animal's late update exactly when the animal window accepted the late reading.
        SingleOutputStreamOperator<FarmStats> farmStats =
                animalStats
                        .keyBy(AnimalStats::farmId)
                        .window(TumblingEventTimeWindows.of(settings.window()))
                        .allowedLateness(settings.allowedLateness())
                        .aggregate(new FarmAggregate(), new FarmWindow(settings.feverThresholdC()))
                        .name("window per farm")
                        .uid("farm-window");

        DataStream<Rejected> late =
                onTime.getSideOutput(LatenessGuard.LATE)
                        .union(animalStats.getSideOutput(LatenessGuard.LATE))
                        .process(new RejectLate(settings.window(), settings.allowedLateness()))
                        .name("reject late readings")
                        .uid("reject-late");

        valid.getSideOutput(RouteRejected.REJECTED)
                .union(unique.getSideOutput(DeduplicateReadings.DUPLICATES), late)
                .map(new CountRejected())
                .name("count rejected readings")
                .uid("count-rejected")
                .sinkTo(sinks.rejected())
                .name("rejected_readings")
                .uid("rejected-readings-sink");

        upsert(animalStats, new AnimalStatsUpsert(), sinks.animalStats(), "animal_health_stats");
        upsert(farmStats, new FarmStatsUpsert(), sinks.farmStats(), "farm_health_stats");
        alerts.ifPresent(
                stage ->
                        upsert(
                                stage.apply(
                                        unique.map(SourcedReading::reading)
                                                .name("readings for alert rules")
                                                .uid("alert-readings")),
                                new HealthAlertUpsert(),
                                sinks.healthAlerts(),
                                "health_alerts"));
    }

    /** Each key of a table on one subtask, written at most once per checkpoint. */
    private static <T> void upsert(
            DataStream<T> rows, Upsert<T> upsert, Sink<T> sink, String table) {
        rows.keyBy(upsert::key)
                .transform(
                        "latest " + table + " row per checkpoint",
                        rows.getType(),
                        new LatestPerCheckpoint<>(upsert))
                .uid(table + "-latest")
                .sinkTo(sink)
                .name(table)
                .uid(table + "-sink");
    }
}
