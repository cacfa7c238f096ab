package io.herdpulse.producer.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What the poller's gauges tell an alert (PollerNoPages) about how long no page came. */
class PollMetricsTest {
    private static final Instant START = Instant.parse("2026-12-06T10:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(START);

    private static double gauge(PrometheusRegistry registry, String name) {
        return registry.scrape().stream()
                .filter(metric -> metric.getMetadata().getPrometheusName().equals(name))
                .map(GaugeSnapshot.class::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no gauge " + name))
                .getDataPoints()
                .get(0)
                .getValue();
    }

    private static double epochSeconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }

    @Test
    void theLastPageTimeIsThePollersStartUntilAPageThenThatPagesTime() {
        PrometheusRegistry registry = new PrometheusRegistry();
        PollMetrics metrics = new PollMetrics(registry, Duration.ofSeconds(10), now::get);
        String lastPage = "herdpulse_poll_last_page_timestamp_seconds";

        // A vendor failing from the start: nothing fetched since the start.
        now.set(START.plus(Duration.ofMinutes(20)));
        assertThat(gauge(registry, lastPage)).isEqualTo(epochSeconds(START));

        Instant firstPage = now.get();
        metrics.page(true);
        // Retries are no pages.
        now.set(START.plus(Duration.ofMinutes(30)));
        metrics.retried("status_503");
        assertThat(gauge(registry, lastPage)).isEqualTo(epochSeconds(firstPage));

        Instant secondPage = START.plusMillis(2_400_500);
        now.set(secondPage);
        metrics.page(false);
        assertThat(gauge(registry, lastPage)).isEqualTo(epochSeconds(secondPage));
    }

    @Test
    void thePollIntervalIsInSecondsFromAFractionToADay() {
        PrometheusRegistry daily = new PrometheusRegistry();
        new PollMetrics(daily, Duration.ofDays(1), now::get);
        assertThat(gauge(daily, "herdpulse_poll_interval_seconds")).isEqualTo(24 * 60 * 60);

        PrometheusRegistry brisk = new PrometheusRegistry();
        new PollMetrics(brisk, Duration.ofMillis(1500), now::get);
        assertThat(gauge(brisk, "herdpulse_poll_interval_seconds")).isEqualTo(1.5);
    }
}
