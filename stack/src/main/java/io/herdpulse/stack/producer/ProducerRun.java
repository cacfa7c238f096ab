package io.herdpulse.stack.producer;

import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.StackPorts;
import io.herdpulse.stack.process.Foreground;
import io.herdpulse.stack.process.Ports;
import io.herdpulse.stack.prometheus.ScrapeTargets;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code bin/herdpulse produce COMMAND ARGS}: the producer jar against the stack's broker, its
 * /metrics served on a free port of the stack's range for producer runs and announced to Prometheus
 * while it runs, so every run shows on the pipeline dashboard.
 */
public final class ProducerRun {
    /** The producer's commands that publish to Kafka and serve /metrics. */
    private static final List<String> COMMANDS = List.of("simulate", "replay", "serve", "poll");

    private static final String METRICS_PORT = "--metrics-port";

    /** How long a stopped producer may take to send what it holds (its linger and acks). */
    private static final Duration FLUSH = Duration.ofSeconds(30);

    /** How long a starting producer may take to serve /metrics before it is announced anyway. */
    private static final Duration METRICS_START = Duration.ofSeconds(20);

    private final Distribution distribution;
    private final String bootstrapServers;
    private final StackPorts ports;
    private final ScrapeTargets scrapeTargets;
    private final PrintStream err;

    public ProducerRun(
            Distribution distribution,
            String bootstrapServers,
            StackPorts ports,
            ScrapeTargets scrapeTargets,
            PrintStream err) {
        this.distribution = distribution;
        this.bootstrapServers = bootstrapServers;
        this.ports = ports;
        this.scrapeTargets = scrapeTargets;
        this.err = err;
    }

    /** Runs the producer with these arguments in this terminal; returns its exit code. */
    public int run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Distribution.java(),
                                "-jar",
                                Distribution.require(distribution.producerJar()).toString()));
        command.addAll(arguments);
        boolean publishes = !arguments.isEmpty() && COMMANDS.contains(arguments.get(0));
        if (!publishes) {
            return Foreground.start(command, FLUSH).waitFor();
        }
        if (!arguments.contains("--bootstrap-servers")) {
            command.addAll(List.of("--bootstrap-servers", bootstrapServers));
        }
        OptionalInt metricsPort = givenMetricsPort(arguments);
        if (metricsPort.isEmpty()) {
            metricsPort = ports.producerRunMetrics().filter(Ports::isFree).findFirst();
            if (metricsPort.isEmpty()) {
                err.println(
                        "herdpulse: every producer metrics port of "
                                + ports.producerRunMetrics().min().orElseThrow()
                                + "-"
                                + ports.producerRunMetrics().max().orElseThrow()
                                + " is taken: this run serves no /metrics");
            }
            command.addAll(List.of(METRICS_PORT, Integer.toString(metricsPort.orElse(0))));
        }
        Foreground producer = Foreground.start(command, FLUSH);
        if (metricsPort.isEmpty() || metricsPort.getAsInt() == 0) {
            return producer.waitFor();
        }
        return announcedWhileRunning(producer, metricsPort.getAsInt());
    }

    private int announcedWhileRunning(Foreground producer, int port) throws InterruptedException {
        Runnable withdraw = () -> scrapeTargets.deregister(ScrapeTargets.PRODUCER_JOB, port);
        // Ctrl-C reaches this JVM too; its shutdown hook withdraws the target before it exits.
        Thread onInterrupt = new Thread(withdraw, "withdraw-scrape-target");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            Instant deadline = Instant.now().plus(METRICS_START);
            while (producer.process().isAlive()
                    && !Ports.isListening(port)
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            if (producer.process().isAlive()) {
                scrapeTargets.register(
                        ScrapeTargets.PRODUCER_JOB, port, producer.process().toHandle());
            }
            return producer.waitFor();
        } finally {
            withdraw.run();
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
        }
    }

    /** The port the user chose with --metrics-port N or --metrics-port=N, if any. */
    private static OptionalInt givenMetricsPort(List<String> arguments) {
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            String value = null;
            if (argument.equals(METRICS_PORT) && i + 1 < arguments.size()) {
                value = arguments.get(i + 1);
            } else if (argument.startsWith(METRICS_PORT + "=")) {
                value = argument.substring(METRICS_PORT.length() + 1);
            }
            if (value != null) {
                try {
                    return OptionalInt.of(Integer.parseInt(value));
                } catch (NumberFormatException invalid) {
                    return OptionalInt.of(0); // the producer rejects it with its own message
                }
            }
        }
        return OptionalInt.empty();
    }
}
