package io.herdpulse.producer.ingest;

import io.herdpulse.model.validation.RejectReason;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * The HTTP ingestion's metrics, on the producer's own {@code /metrics} beside the records sent and
 * their latency, which the publisher counts as for every other command.
 */
public final class IngestMetrics {
    private final Counter requests;
    private final Histogram duration;
    private final Counter accepted;
    private final Counter rejected;

    public IngestMetrics(
            PrometheusRegistry registry, IntSupplier inFlight, BooleanSupplier kafkaReady) {
        requests =
                Counter.builder()
                        .name("herdpulse_ingest_requests_total")
                        .help("HTTP requests to /v1/readings, by response status")
                        .labelNames("status")
                        .register(registry);
        duration =
                Histogram.builder()
                        .name("herdpulse_ingest_request_duration_seconds")
                        .help("Time from a request's arrival to its answer, Kafka's ack included")
                        .classicOnly()
                        .classicUpperBounds(
                                0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120)
                        .register(registry);
        accepted =
                Counter.builder()
                        .name("herdpulse_ingest_readings_accepted_total")
                        .help("Readings that passed the contract's checks and Kafka acknowledged")
                        .register(registry);
        rejected =
                Counter.builder()
                        .name("herdpulse_ingest_readings_rejected_total")
                        .help(
                                "Readings answered 400, by the job's reject reason or"
                                        + " REFUSED_BY_KAFKA")
                        .labelNames("reason")
                        .register(registry);
        for (RejectReason reason : RejectReason.values()) {
            rejected.labelValues(reason.name()); // zeros, not gaps, on a dashboard
        }
        rejected.labelValues(IngestServer.REFUSED_BY_KAFKA);
        GaugeWithCallback.builder()
                .name("herdpulse_ingest_requests_in_flight")
                .help("Requests being handled now")
                .callback(callback -> callback.call(inFlight.getAsInt()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("herdpulse_ingest_kafka_ready")
                .help("1 while Kafka can take readings (GET /readyz answers 200), else 0")
                .callback(callback -> callback.call(kafkaReady.getAsBoolean() ? 1 : 0))
                .register(registry);
    }

    void answered(int status, long nanos) {
        requests.labelValues(Integer.toString(status)).inc();
        duration.observe(nanos / 1e9);
    }

    void accepted(int readings) {
        accepted.inc(readings);
    }

    void rejected(String reason) {
        rejected.labelValues(reason).inc();
    }
}
