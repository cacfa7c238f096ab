package io.herdpulse.producer.cli;

import io.herdpulse.model.Reading;
import io.herdpulse.producer.ProducerCli;
import io.herdpulse.producer.kafka.publish.KafkaSettings;
import io.herdpulse.producer.kafka.publish.ReadingPublisher;
import io.herdpulse.producer.metrics.ProducerMetrics;
import io.herdpulse.producer.run.Pacing;
import io.herdpulse.producer.run.PublishRun;
import io.herdpulse.producer.run.RunReport;
import io.herdpulse.producer.simulate.EpisodeListener;
import io.herdpulse.producer.simulate.GroundTruthWriter;
import io.herdpulse.producer.simulate.HerdSimulator;
import io.herdpulse.producer.simulate.SimulationSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code simulate}: a herd with real physiology and injected conditions. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Simulates --farms x --animals cows whose boluses report every --interval of simulated"
                    + " time, and writes their readings to Kafka.",
            "From a --start in the past it backfills as fast as it can, then follows real time;"
                    + " readings are never from the future. It runs until --duration or --count,"
                    + " or until stopped (Ctrl-C/SIGTERM: flush, summary, exit 0)."
        })
public final class SimulateCommand implements Callable<Integer> {
    @ParentCommand private ProducerCli cli;
    @Spec private CommandSpec spec;
    @Mixin private CommonOptions common;
    @Mixin private HerdOptions herd;

    @Option(
            names = "--count",
            paramLabel = "N",
            description = "Records to send, then stop (default: no limit).")
    Long count;

    static final class Pace {
        @Option(
                names = "--rate",
                paramLabel = "PER_SECOND",
                description = "Send at most this many readings per second.")
        Double rate;

        @Option(
                names = "--speed",
                paramLabel = "FACTOR",
                description = "Run simulated time this many times faster than real time.")
        Double speed;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Pace pace;

    @Option(
            names = "--ground-truth",
            paramLabel = "FILE",
            description =
                    "Write each condition as it starts (animal, condition, from, to, expected"
                            + " alert) to this CSV.")
    Path groundTruth;

    @Override
    public Integer call() {
        CommandChecks checks = new CommandChecks(spec);
        KafkaSettings kafka = common.kafka("simulate", checks);
        checks.require(
                pace == null || pace.rate == null || (pace.rate > 0 && Double.isFinite(pace.rate)),
                "--rate must be a positive number of readings per second, not "
                        + (pace == null ? null : pace.rate));
        checks.require(
                pace == null
                        || pace.speed == null
                        || (pace.speed > 0 && Double.isFinite(pace.speed)),
                "--speed must be a positive factor, not " + (pace == null ? null : pace.speed));
        checks.require(count == null || count > 0, "--count must be positive");
        SimulationSettings settings =
                SimulationSettings.resolve(
                        herd.options(
                                count == null ? 0 : count,
                                pace == null || pace.rate == null ? 0 : pace.rate,
                                pace == null || pace.speed == null ? 0 : pace.speed),
                        checks::fail);
        try (ProducerMetrics metrics = new ProducerMetrics();
                GroundTruthWriter truth =
                        groundTruth == null ? null : new GroundTruthWriter(groundTruth);
                ReadingPublisher publisher = new ReadingPublisher(kafka, metrics)) {
            common.serveMetrics(metrics);
            EpisodeListener listener = truth == null ? (animal, episode) -> {} : truth;
            HerdSimulator simulator = settings.simulator(listener);
            Instant[] clock = {settings.start()};
            Iterator<Reading> readings =
                    new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return simulator.hasNext();
                        }

                        @Override
                        public Reading next() {
                            Reading reading = simulator.next();
                            clock[0] = reading.timestamp();
                            metrics.simulatedTime(reading.timestamp());
                            return reading;
                        }
                    };
            cli.err().println(settings.describe());
            Pacing pacing =
                    Pacing.of(settings.rate(), settings.speed(), true, InstantSource.system());
            RunReport report =
                    new PublishRun("simulate", publisher, metrics, cli.stop(), cli.err())
                            .run(
                                    readings,
                                    pacing,
                                    settings.count(),
                                    () -> "simulated clock " + behind(clock[0]));
            cli.out().println(report.summary());
            cli.out()
                    .println(
                            "simulate: simulated "
                                    + settings.start()
                                    + " to "
                                    + clock[0]
                                    + " with seed "
                                    + settings.seed()
                                    + (groundTruth == null
                                            ? ""
                                            : "; ground truth in " + groundTruth));
            if (!report.succeeded()) {
                cli.err().println("error: " + report.failure());
                return ProducerCli.EXIT_FAILED;
            }
            return ProducerCli.EXIT_OK;
        }
    }

    private static String behind(Instant simulated) {
        Duration lag = Duration.between(simulated, Instant.now());
        if (lag.compareTo(Duration.ofMinutes(15)) < 0) {
            return simulated + " (real time)";
        }
        return simulated + " (" + lag.toHours() + " h behind real time)";
    }
}
