package io.herdpulse.producer.poll;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.InstantSource;

/**
 * The poller's metrics, on the producer's own {@code /metrics} beside the records sent and their
 * latency, which the publisher counts as for every other command.
 */
final class PollMetrics {
    private final Counter pages;
    private final Counter retries;
    private final InstantSource clock;
    private volatile boolean caughtUp;
    private volatile double lastPageEpochSeconds;

    /**
     * @param pollInterval the wait once caught up, exposed so that an alert can tell a poller
     *     waiting as asked (up to a day) from one whose vendor keeps it waiting
     * @param clock the time of each page, and of the start as long as no page came
     */
    PollMetrics(PrometheusRegistry registry, Duration pollInterval, InstantSource clock) {
        this.clock = clock;
        // Before the first page, the start: a poller whose vendor fails from the start has then
        // fetched nothing for as long as it runs.
        lastPageEpochSeconds = epochSeconds();
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
        // The pages counter cannot say how long no page came: an alert on its increase needs a
        // window longer than the longest --poll-interval (a day), and a vendor asking for an
        // hour's Retry-After once every 10 minutes never makes PollerRetrying fire.
        GaugeWithCallback.builder()
                .name("herdpulse_poll_last_page_timestamp_seconds")
                .help(
                        "When the last page was fetched and acknowledged (Unix seconds); before one, the start")
                .callback(callback -> callback.call(lastPageEpochSeconds))
                .register(registry);
        double intervalSeconds = pollInterval.toMillis() / 1000.0;
        GaugeWithCallback.builder()
                .name("herdpulse_poll_interval_seconds")
                .help("--poll-interval: the wait before asking again once caught up")
                .callback(callback -> callback.call(intervalSeconds))
                .register(registry);
    }

    void page(boolean hasMore) {
        pages.inc();
        caughtUp = !hasMore;
        lastPageEpochSeconds = epochSeconds();
    }

    private double epochSeconds() {
        return clock.millis() / 1000.0;
    }

    void retried(String cause) {
        retries.labelValues(cause).inc();
    }
}
