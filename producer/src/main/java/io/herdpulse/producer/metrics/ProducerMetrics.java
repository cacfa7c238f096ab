package io.herdpulse.producer.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * The producer's own metrics, served on {@code http://127.0.0.1:PORT/metrics} while it runs.
 *
 * <p>Each instance has a registry of its own rather than the global default one, so several runs in
 * one JVM (the tests) never register a metric twice.
 */
public final class ProducerMetrics implements AutoCloseable {
    /** Loopback only: the metrics say nothing secret, but nothing outside the host needs them. */
    private final PrometheusRegistry registry = new PrometheusRegistry();

    private final Counter recordsSent;
    private final Counter sendErrors;
    private final Histogram sendLatency;
    private final Counter rowsSkipped;
    private volatile double rate;
    private volatile double simulatedEpochSeconds = Double.NaN;
    private volatile DoubleSupplier retries = () -> 0;
    private HTTPServer server;

    public ProducerMetrics() {
        recordsSent =
                Counter.builder()
                        .name("herdpulse_producer_records_sent_total")
                        .help("Records the broker acknowledged")
                        .register(registry);
        sendErrors =
                Counter.builder()
                        .name("herdpulse_producer_send_errors_total")
                        .help("Records that failed, by exception type")
                        .labelNames("type")
                        .register(registry);
        sendLatency =
                Histogram.builder()
                        .name("herdpulse_producer_send_latency_seconds")
                        .help("Time from send() to the broker's acknowledgement")
                        // Classic buckets only: Prometheus 2.42 here scrapes the text
                        // format, and native buckets would cost the hot path for nothing.
                        .classicOnly()
                        .classicUpperBounds(
                                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
                                10, 30, 120)
                        .register(registry);
        rowsSkipped =
                Counter.builder()
                        .name("herdpulse_producer_replay_rows_skipped_total")
                        .help("CSV rows replay could not map to a reading, by reason")
                        .labelNames("reason")
                        .register(registry);
        GaugeWithCallback.builder()
                .name("herdpulse_producer_rate_records_per_second")
                .help("Records acknowledged per second over the last few seconds")
                .callback(callback -> callback.call(rate))
                .register(registry);
        GaugeWithCallback.builder()
                .name("herdpulse_producer_simulated_time_seconds")
                .help("Event time of the latest simulated reading sent (Unix seconds)")
                .callback(
                        callback -> {
                            if (!Double.isNaN(simulatedEpochSeconds)) {
                                callback.call(simulatedEpochSeconds);
                            }
                        })
                .register(registry);
        CounterWithCallback.builder()
                .name("herdpulse_producer_send_retries_total")
                .help("Batches the Kafka client sent again after a retriable error")
                .callback(callback -> callback.call(retries.getAsDouble()))
                .register(registry);
    }

    /**
     * Serves {@code /metrics} on {@code host} (127.0.0.1 unless a container must expose it); port 0
     * serves nothing.
     *
     * @throws UncheckedIOException when the port is taken
     */
    public void serve(String host, int port) {
        if (port == 0) {
            return;
        }
        try {
            server =
                    HTTPServer.builder()
                            .hostname(host)
                            .port(port)
                            .registry(registry)
                            .buildAndStart();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve metrics on "
                            + host
                            + ":"
                            + port
                            + " ("
                            + e.getMessage()
                            + "); choose another --metrics-port, or 0 for none",
                    e);
        }
    }

    /** The port actually bound, or 0 when nothing is served. */
    public int port() {
        return server == null ? 0 : server.getPort();
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public void acknowledged(long latencyNanos) {
        recordsSent.inc();
        sendLatency.observe(latencyNanos / 1e9);
    }

    public void sendFailed(Exception error) {
        sendErrors.labelValues(error.getClass().getSimpleName()).inc();
    }

    public void rowSkipped(String reason) {
        rowsSkipped.labelValues(reason).inc();
    }

    public void rate(double recordsPerSecond) {
        rate = recordsPerSecond;
    }

    public void simulatedTime(Instant eventTime) {
        simulatedEpochSeconds = eventTime.getEpochSecond() + eventTime.getNano() / 1e9;
    }

    /** Where the client's own retry count comes from once the Kafka producer exists. */
    public void retries(DoubleSupplier clientRetries) {
        retries = clientRetries;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
