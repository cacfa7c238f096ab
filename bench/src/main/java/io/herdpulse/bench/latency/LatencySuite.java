package io.herdpulse.bench.latency;

import io.herdpulse.bench.BenchSizes;
import io.herdpulse.bench.Progress;
import io.herdpulse.bench.data.Counts;
import io.herdpulse.bench.report.SuiteResult;
import io.herdpulse.bench.stack.BenchDatabase;
import io.herdpulse.bench.stack.BenchStack;
import io.herdpulse.bench.stack.FlinkJobs;
import io.herdpulse.bench.stack.JobArguments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Suite 2: latency at a fixed rate. The job runs on an empty topic; a herd of {@code
 * latencyAnimals} animals then reports every second in real time (that many readings per second)
 * with a few fevers, while the database is polled as a reader. Two latencies, each from the
 * broker's append time: of the last reading of an animal's window to its {@code
 * animal_health_stats} row, and of the third fever reading to its {@code health_alerts} row. Only
 * windows that the job's watermark has passed when sending stops are counted, and every one of
 * them, and every fever's alert, must show up.
 */
public final class LatencySuite {
    /** The job's default --out-of-orderness: how long after a window's end it closes. */
    private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(10);

    private static final Duration SETTLE = Duration.ofSeconds(60);

    private final BenchStack stack;
    private final BenchSizes sizes;
    private final Progress progress;

    public LatencySuite(BenchStack stack, BenchSizes sizes, Progress progress) {
        this.stack = stack;
        this.sizes = sizes;
        this.progress = progress;
    }

    public SuiteResult run() {
        // The broker stamps each record when it appends it: latencies start there.
        String topic =
                stack.topic("bench-latency", Map.of("message.timestamp.type", "LogAppendTime"));
        Duration window = sizes.latencyWindow();
        FlinkJobs jobs = stack.jobs();
        try (BenchDatabase database = new BenchDatabase(stack, "bench_latency")) {
            String id =
                    jobs.submit(
                            Optional.empty(),
                            JobArguments.of(topic, database.url(), window, false, List.of()));
            try {
                jobs.awaitRunning(id, Duration.ofMinutes(2));
                return measure(id, topic, window, new RowWatch(database));
            } finally {
                jobs.cancel(id);
            }
        } finally {
            stack.deleteTopic(topic);
        }
    }

    private SuiteResult measure(String id, String topic, Duration window, RowWatch watch) {
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
        try {
            poller.scheduleWithFixedDelay(watch::poll, 0, RowWatch.POLL_MS, TimeUnit.MILLISECONDS);
            progress.step(
                    "latency: job %s running; sending %d readings/s (%d animals, one reading a"
                            + " second each) for %d s",
                    id,
                    sizes.latencyAnimals(),
                    sizes.latencyAnimals(),
                    sizes.latencyRun().toSeconds());
            LiveHerd herd =
                    new LiveHerd(stack.bootstrapServers(), topic, sizes.latencyAnimals(), window);
            long sendStart = System.nanoTime();
            herd.run(sizes.latencyRun());
            double sendSeconds = (System.nanoTime() - sendStart) / 1e9;
            Map<String, Long> rows = herd.closedRows(OUT_OF_ORDERNESS);
            progress.step(
                    "latency: %d readings sent (%.0f/s); waiting for %d closed window rows and %d"
                            + " fever alerts",
                    herd.sent(),
                    herd.sent() / sendSeconds,
                    rows.size(),
                    herd.alertingAppend.size());
            awaitRows(watch, rows, herd);
            poller.shutdownNow();

            Percentiles stats = Percentiles.of(latencies(rows, watch.statsSeen));
            Percentiles alerts = Percentiles.of(latencies(herd.alertingAppend, watch.feversSeen));
            Counts.require("closed window rows seen", rows.size(), stats.samples());
            Counts.require("feverish animals", herd.feverish(), herd.alertingAppend.size());
            Counts.require("FEVER alerts seen", herd.alertingAppend.size(), alerts.samples());
            progress.step(
                    "latency: rows p50 %d ms p99 %d ms; alerts p50 %d ms p99 %d ms",
                    stats.p50(), stats.p99(), alerts.p50(), alerts.p99());
            return result(herd, sendSeconds, window, stats, alerts);
        } finally {
            poller.shutdownNow();
        }
    }

    /** Waits until every expected row and alert was seen, or {@link #SETTLE} has passed. */
    private void awaitRows(RowWatch watch, Map<String, Long> rows, LiveHerd herd) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline
                && !(watch.statsSeen.keySet().containsAll(rows.keySet())
                        && watch.feversSeen.keySet().containsAll(herd.alertingAppend.keySet()))) {
            try {
                Thread.sleep(RowWatch.POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static List<Long> latencies(Map<String, Long> starts, Map<String, Long> seen) {
        List<Long> latencies = new ArrayList<>();
        starts.forEach(
                (key, start) -> {
                    Long visible = seen.get(key);
                    if (visible != null) {
                        latencies.add(visible - start);
                    }
                });
        return latencies;
    }

    private SuiteResult result(
            LiveHerd herd,
            double sendSeconds,
            Duration window,
            Percentiles stats,
            Percentiles alerts) {
        List<List<Object>> rows = new ArrayList<>();
        List<SuiteResult.Bar> bars = new ArrayList<>();
        String statsLabel = "append -> animal_health_stats row";
        String alertLabel = "append -> health_alerts row (FEVER)";
        for (Map.Entry<String, Percentiles> entry :
                Map.of(statsLabel, stats, alertLabel, alerts).entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .toList()) {
            Percentiles p = entry.getValue();
            rows.add(List.of(entry.getKey(), p.samples(), p.p50(), p.p95(), p.p99(), p.max()));
            bars.add(new SuiteResult.Bar("p50", entry.getKey(), p.p50()));
            bars.add(new SuiteResult.Bar("p95", entry.getKey(), p.p95()));
            bars.add(new SuiteResult.Bar("p99", entry.getKey(), p.p99()));
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("animals", sizes.latencyAnimals());
        facts.put("targetReadingsPerSecond", sizes.latencyAnimals());
        facts.put("sentReadingsPerSecond", Math.round(herd.sent() / sendSeconds));
        facts.put("readingsSent", herd.sent());
        facts.put("window", window.toString());
        facts.put("feverishAnimals", herd.feverish());
        facts.put("pollIntervalMs", RowWatch.POLL_MS);
        return new SuiteResult(
                "latency",
                String.format(
                        Locale.ROOT,
                        "Latency at %,d readings/s (ms, lower is better)",
                        sizes.latencyAnimals()),
                facts,
                List.of("latency", "samples", "p50_ms", "p95_ms", "p99_ms", "max_ms"),
                rows,
                new SuiteResult.Chart("milliseconds", bars),
                List.of(
                        String.format(
                                Locale.ROOT,
                                "window rows (window %s): p50 %d ms, p95 %d ms, p99 %d ms",
                                window,
                                stats.p50(),
                                stats.p95(),
                                stats.p99()),
                        String.format(
                                Locale.ROOT,
                                "FEVER alerts: p50 %d ms, p95 %d ms, p99 %d ms",
                                alerts.p50(),
                                alerts.p95(),
                                alerts.p99())));
    }
}
