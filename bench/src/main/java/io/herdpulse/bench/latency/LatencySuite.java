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
 * broker's append time to the commit of the row's transaction ({@link RowWatch}): of the last
 * reading of an animal's window to its {@code animal_health_stats} row, and of the third fever
 * reading to its {@code health_alerts} row; beside each, the same to the first poll that saw the
 * row, as a reader polling every {@link RowWatch#POLL_MS} ms sees it. Only windows that the job's
 * watermark has passed when sending stops are counted, and every one of them, and every fever's
 * alert, must show up.
 *
 * <p>It runs twice: with the job's default out-of-orderness, and with a tight one. The alert rules
 * take each animal's readings in event-time order, so a reading waits for the watermark, which
 * trails the newest reading by the out-of-orderness: the second run shows what the latency is
 * without that wait.
 */
public final class LatencySuite {
    /** The job's --out-of-orderness of each run: its default, then a tight one. */
    private static final List<Duration> OUT_OF_ORDERNESS =
            List.of(Duration.ofSeconds(10), Duration.ofMillis(500));

    private static final Duration SETTLE = Duration.ofSeconds(60);

    private final BenchStack stack;
    private final BenchSizes sizes;
    private final Progress progress;

    public LatencySuite(BenchStack stack, BenchSizes sizes, Progress progress) {
        this.stack = stack;
        this.sizes = sizes;
        this.progress = progress;
    }

    /** One run's figures. */
    private record Run(
            Duration outOfOrderness,
            LiveHerd herd,
            double sendSeconds,
            RowWatch.Visibility visibility,
            Percentiles stats,
            Percentiles alerts,
            Percentiles statsPolled,
            Percentiles alertsPolled) {}

    public SuiteResult run() {
        List<Run> runs = new ArrayList<>();
        for (Duration outOfOrderness : OUT_OF_ORDERNESS) {
            runs.add(run(outOfOrderness));
        }
        return result(runs);
    }

    private Run run(Duration outOfOrderness) {
        String name = "bench-latency-" + outOfOrderness.toMillis();
        // The broker stamps each record when it appends it: latencies start there.
        String topic = stack.topic(name, Map.of("message.timestamp.type", "LogAppendTime"));
        Duration window = sizes.latencyWindow();
        FlinkJobs jobs = stack.jobs();
        try (BenchDatabase database = new BenchDatabase(stack, name.replace('-', '_'))) {
            String id =
                    jobs.submit(
                            Optional.empty(),
                            JobArguments.of(
                                    topic,
                                    database.url(),
                                    window,
                                    false,
                                    List.of("--out-of-orderness", outOfOrderness.toString())));
            try {
                jobs.awaitRunning(id, Duration.ofMinutes(2));
                return measure(id, topic, window, outOfOrderness, new RowWatch(database));
            } finally {
                jobs.cancel(id);
            }
        } finally {
            stack.deleteTopic(topic);
        }
    }

    private Run measure(
            String id, String topic, Duration window, Duration outOfOrderness, RowWatch watch) {
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
        try {
            poller.scheduleWithFixedDelay(watch::poll, 0, RowWatch.POLL_MS, TimeUnit.MILLISECONDS);
            progress.step(
                    "latency: job %s running (out-of-orderness %s); sending %d readings/s (%d"
                            + " animals, one reading a second each) for %d s",
                    id,
                    outOfOrderness,
                    sizes.latencyAnimals(),
                    sizes.latencyAnimals(),
                    sizes.latencyRun().toSeconds());
            LiveHerd herd =
                    new LiveHerd(stack.bootstrapServers(), topic, sizes.latencyAnimals(), window);
            long sendStart = System.nanoTime();
            herd.run(sizes.latencyRun());
            double sendSeconds = (System.nanoTime() - sendStart) / 1e9;
            Map<String, Long> rows = herd.closedRows(outOfOrderness);
            progress.step(
                    "latency: %d readings sent (%.0f/s); waiting for %d closed window rows and %d"
                            + " fever alerts",
                    herd.sent(),
                    herd.sent() / sendSeconds,
                    rows.size(),
                    herd.alertingAppend.size());
            awaitRows(watch, rows, herd);
            poller.shutdownNow();

            Percentiles stats = Percentiles.of(latencies(rows, watch.statsVisible));
            Percentiles alerts =
                    Percentiles.of(latencies(herd.alertingAppend, watch.feversVisible));
            Percentiles statsPolled = Percentiles.of(latencies(rows, watch.statsPolled));
            Percentiles alertsPolled =
                    Percentiles.of(latencies(herd.alertingAppend, watch.feversPolled));
            Counts.require("closed window rows seen", rows.size(), stats.samples());
            Counts.require("feverish animals", herd.feverish(), herd.alertingAppend.size());
            Counts.require("FEVER alerts seen", herd.alertingAppend.size(), alerts.samples());
            progress.step(
                    "latency (out-of-orderness %s, to the %s): rows p50 %d ms p99 %d ms; alerts p50"
                            + " %d ms p99 %d ms (first polled: p99 %d ms)",
                    outOfOrderness,
                    watch.visibility() == RowWatch.Visibility.COMMITTED ? "commit" : "poll",
                    stats.p50(),
                    stats.p99(),
                    alerts.p50(),
                    alerts.p99(),
                    alertsPolled.p99());
            return new Run(
                    outOfOrderness,
                    herd,
                    sendSeconds,
                    watch.visibility(),
                    stats,
                    alerts,
                    statsPolled,
                    alertsPolled);
        } finally {
            poller.shutdownNow();
        }
    }

    /** Waits until every expected row and alert was seen, or {@link #SETTLE} has passed. */
    private void awaitRows(RowWatch watch, Map<String, Long> rows, LiveHerd herd) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline
                && !(watch.statsPolled.keySet().containsAll(rows.keySet())
                        && watch.feversPolled.keySet().containsAll(herd.alertingAppend.keySet()))) {
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

    private SuiteResult result(List<Run> runs) {
        List<List<Object>> rows = new ArrayList<>();
        List<SuiteResult.Bar> bars = new ArrayList<>();
        List<String> headline = new ArrayList<>();
        for (Run run : runs) {
            String setting = "out-of-orderness " + run.outOfOrderness();
            Map<String, List<Percentiles>> latencies = new LinkedHashMap<>();
            latencies.put(
                    "append -> animal_health_stats row", List.of(run.stats(), run.statsPolled()));
            latencies.put(
                    "append -> health_alerts row (FEVER)",
                    List.of(run.alerts(), run.alertsPolled()));
            latencies.forEach(
                    (latency, visibleAndPolled) -> {
                        Percentiles p = visibleAndPolled.get(0);
                        Percentiles polled = visibleAndPolled.get(1);
                        String label = latency + ", " + setting;
                        rows.add(
                                List.of(
                                        latency,
                                        run.outOfOrderness().toString(),
                                        p.samples(),
                                        p.p50(),
                                        p.p95(),
                                        p.p99(),
                                        p.max(),
                                        polled.p50(),
                                        polled.p99()));
                        bars.add(new SuiteResult.Bar("p50", label, p.p50()));
                        bars.add(new SuiteResult.Bar("p95", label, p.p95()));
                        bars.add(new SuiteResult.Bar("p99", label, p.p99()));
                        headline.add(
                                String.format(
                                        Locale.ROOT,
                                        "%s: p50 %d ms, p95 %d ms, p99 %d ms",
                                        label,
                                        p.p50(),
                                        p.p95(),
                                        p.p99()));
                    });
        }
        Run first = runs.get(0);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("animals", sizes.latencyAnimals());
        facts.put("targetReadingsPerSecond", sizes.latencyAnimals());
        facts.put("sentReadingsPerSecond", Math.round(first.herd().sent() / first.sendSeconds()));
        facts.put("readingsSent", first.herd().sent());
        facts.put("window", sizes.latencyWindow().toString());
        facts.put(
                "outOfOrderness",
                runs.stream().map(run -> run.outOfOrderness().toString()).toList());
        facts.put("feverishAnimals", first.herd().feverish());
        facts.put("latencyEndsAt", first.visibility().description);
        facts.put("pollIntervalMs", RowWatch.POLL_MS);
        return new SuiteResult(
                "latency",
                String.format(
                        Locale.ROOT,
                        "Latency at %,d readings/s (ms, lower is better)",
                        sizes.latencyAnimals()),
                facts,
                List.of(
                        "latency",
                        "out_of_orderness",
                        "samples",
                        "p50_ms",
                        "p95_ms",
                        "p99_ms",
                        "max_ms",
                        "polled_p50_ms",
                        "polled_p99_ms"),
                rows,
                new SuiteResult.Chart("milliseconds", bars),
                headline);
    }
}
