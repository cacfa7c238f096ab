package io.herdpulse.stack;

import java.util.stream.IntStream;

/**
 * The loopback ports of DESIGN.md, plus the JobManager's RPC port, which the design leaves to
 * Flink's default, and the supervisor's metrics (9410, next to the producers' 9400–9409), which the
 * design names without a port.
 */
public record StackPorts(
        int kafka,
        int kafkaController,
        int kafkaJmxExporter,
        int flinkRest,
        int flinkRpc,
        int flinkReporterFirst,
        int flinkReporterLast,
        int postgres,
        int postgresExporter,
        int prometheus,
        int producerMetrics,
        int fakeApi,
        int supervisorMetrics) {

    /**
     * The /metrics ports of {@code bin/herdpulse produce} runs: the nine after the simulator's
     * (DESIGN.md, "Ports").
     */
    public IntStream producerRunMetrics() {
        return IntStream.rangeClosed(producerMetrics + 1, producerMetrics + 9);
    }

    public static StackPorts defaults() {
        return new StackPorts(
                9092, 9093, 7071, 8081, 6123, 9249, 9259, 5432, 9187, 9090, 9400, 8401, 9410);
    }
}
