package io.herdpulse.producer.poll;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The poller's metrics, on the producer's own {@code /metrics} beside the records sent and their
 * latency, which the publisher counts as for every other command.
 */
final class PollMetrics {
    private final Counter pages;
    private final Counter retries;
    private volatile boolean caughtUp;

    PollMetrics(PrometheusRegistry registry) {
        pages =
                Counter.builder()
                        .name("herdpulse_poll_pages_total")
                        .help("Pages fetched from the vendor API and acknowledged by Kafka")
                        .register(registry);
        retries =
                Counter.builder()
                        .name("herdpulse_poll_retries_total")
                        .help("Requests to the vendor API retried, by cause")
                        .labelNames("cause")
                        .register(registry);
        GaugeWithCallback.builder()
                .name("herdpulse_poll_caught_up")
                .help("1 when the last page said the API has nothing more for now")
                .callback(callback -> callback.call(caughtUp ? 1 : 0))
                .register(registry);
    }

    void page(boolean hasMore) {
        pages.inc();
        caughtUp = !hasMore;
    }

    void retried(String cause) {
        retries.labelValues(cause).inc();
    }
}
