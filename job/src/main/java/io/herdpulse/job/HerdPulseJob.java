package io.herdpulse.job;

import io.herdpulse.alerts.AlertDetector;
import io.herdpulse.alerts.AlertThresholds;
import io.herdpulse.alerts.silence.FarmReport;
import io.herdpulse.alerts.silence.FarmReports;
import io.herdpulse.job.config.JobCommandLine;
import io.herdpulse.job.config.JobConfig;
import io.herdpulse.job.ingest.KafkaIngest;
import io.herdpulse.job.sink.JdbcSinks;
import io.herdpulse.job.sink.Sinks;
import io.herdpulse.job.stats.NeverIdle;
import io.herdpulse.model.HealthAlert;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The HerdPulse job: {@code flink run herdpulse-job.jar [options]}; {@code --help} lists them. */
public final class HerdPulseJob {
    private HerdPulseJob() {}

    public static void main(String[] args) throws Exception {
        Optional<JobConfig> parsed = JobCommandLine.parseMain(args);
        if (parsed.isEmpty()) {
            return;
        }
        JobConfig config = parsed.get();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        configure(env, config);
        HerdPulsePipeline.define(
                env,
                KafkaIngest.source(config.kafka(), config.pipeline().maxFuture()),
                config.pipeline(),
                config.discardSinks() ? Sinks.discarding() : JdbcSinks.create(config.database()),
                Optional.of(alertRules(config.alerts())));
        env.execute(config.jobName());
    }

    /**
     * The seven rules of DESIGN.md, per animal in event time over the de-duplicated readings, each
     * instance told every farm's reports (for SENSOR_SILENT's "the farm keeps reporting").
     */
    static HerdPulsePipeline.AlertStage alertRules(AlertThresholds thresholds) {
        return readings -> {
            // Never idle: the rules' watermark must wait for every instance's reports, or an
            // instance still waking from idleness would send a farm's reports after the others'
            // watermark let a poll find none (as the farm windows would fire short of cows).
            DataStream<FarmReport> everyFarmsReports =
                    readings.flatMap(new FarmReports())
                            .name("farm reports")
                            .uid("farm-reports")
                            .transform(
                                    "never idle to the alert rules",
                                    TypeInformation.of(FarmReport.class),
                                    new NeverIdle<>())
                            .uid("never-idle-to-the-alert-rules")
                            .broadcast();
            return readings.connect(everyFarmsReports)
                    .transform(
                            "alert rules",
                            TypeInformation.of(HealthAlert.class),
                            new AlertDetector(thresholds))
                    .uid("alert-rules");
        };
    }

    static void configure(StreamExecutionEnvironment env, JobConfig config) {
        env.enableCheckpointing(
                config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        // Every record type is an immutable record, so chained operators may share instances
        // instead of copying each one.
        env.getConfig().enableObjectReuse();
        // Every type on the wire and in state has a serializer of its own (records as POJOs,
        // primitive arrays): fail at submission rather than fall back to slow Kryo at run time.
        Configuration pipeline = new Configuration();
        pipeline.set(PipelineOptions.GENERIC_TYPES, false);
        // The alert rules take each reading once the watermark passes it: it waits the
        // out-of-orderness and then up to this interval for the source to emit the watermark.
        pipeline.set(
                PipelineOptions.AUTO_WATERMARK_INTERVAL, config.pipeline().watermarkInterval());
        // A cancelled job keeps its last checkpoint to resume from, wherever it is submitted: the
        // retention is the job's, taken from the configuration of the client that submits it, and
        // docker-compose's job-submitter runs a flink client of the image's defaults (none
        // retained), so a cancel there deleted every checkpoint (found by review, 2026-12-06).
        pipeline.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        env.configure(pipeline);
        config.checkpointDirectory()
                .ifPresent(
                        directory -> {
                            Configuration checkpoints = new Configuration();
                            checkpoints.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
                            checkpoints.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, directory);
                            env.configure(checkpoints);
                        });
    }
}
