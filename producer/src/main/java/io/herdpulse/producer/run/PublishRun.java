package io.herdpulse.producer.run;

import io.herdpulse.model.Reading;
import io.herdpulse.producer.kafka.publish.PublishException;
import io.herdpulse.producer.kafka.publish.ReadingPublisher;
import io.herdpulse.producer.metrics.ProducerMetrics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The loop both commands share: take the next reading, wait for its send time, send it; until the
 * readings or the count run out, a stop is requested, or a record fails. Then flush, also after a
 * failure, so every record handed to the client ends acknowledged or failed before the report
 * counts them.
 */
public final class PublishRun {
    private static final long PROGRESS_EVERY_TICKS = 10;

    private final String command;
    private final ReadingPublisher publisher;
    private final ProducerMetrics metrics;
    private final StopSignal stop;
    private final PrintStream progressOut;

    public PublishRun(
            String command,
            ReadingPublisher publisher,
            ProducerMetrics metrics,
            StopSignal stop,
            PrintStream progressOut) {
        this.command = command;
        this.publisher = publisher;
        this.metrics = metrics;
        this.stop = stop;
        this.progressOut = progressOut;
    }

    /**
     * @param maxRecords stop after this many records, 0 for no limit
     * @param progress the command's own part of the progress line printed every 10 s
     */
    public RunReport run(
            Iterator<Reading> readings, Pacing pacing, long maxRecords, Supplier<String> progress) {
        return run(readings, pacing, maxRecords, progress, () -> null, null);
    }

    /**
     * @param origin where the reading just taken from {@code readings} came from ("line 12"), for
     *     the failure message; may return null
     * @param refused told of each record Kafka refuses for what it is, which the run then skips;
     *     null to stop at it
     */
    public RunReport run(
            Iterator<Reading> readings,
            Pacing pacing,
            long maxRecords,
            Supplier<String> progress,
            Supplier<String> origin,
            ReadingPublisher.RefusedRecords refused) {
        publisher.connect();
        long startNanos = System.nanoTime();
        ScheduledExecutorService ticker = startTicker(progress);
        String failure = null;
        try {
            try {
                long index = 0;
                while (!stop.isRequested()
                        && (maxRecords == 0 || index < maxRecords)
                        && readings.hasNext()) {
                    Reading reading = readings.next();
                    if (waitForSendTime(pacing, index, reading)) {
                        break;
                    }
                    publisher.send(reading, origin.get(), refused);
                    index++;
                }
            } catch (PublishException e) {
                // The publisher keeps the failure; what was handed over before it is flushed.
            }
            // One record refused (too large) says nothing of the others, which get their time;
            // after the broker stayed away for the delivery timeout they would only time out too.
            if (!publisher.brokerAway()) {
                publisher.flush();
            }
        } finally {
            ticker.shutdownNow();
        }
        if (publisher.failure() != null) {
            failure = publisher.failure().getMessage();
        }
        return new RunReport(
                command,
                publisher.sent(),
                publisher.acknowledged(),
                publisher.failed(),
                publisher.retries(),
                Duration.ofNanos(System.nanoTime() - startNanos),
                failure);
    }

    /**
     * @return true if a stop was requested while waiting
     */
    private boolean waitForSendTime(Pacing pacing, long index, Reading reading) {
        Duration wait;
        while (!(wait = pacing.waitBefore(index, reading.timestamp())).isZero()) {
            if (stop.await(wait)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Once a second the rate gauge; every ten seconds a progress line, so a long backfill or replay
     * shows it is alive.
     */
    private ScheduledExecutorService startTicker(Supplier<String> progress) {
        ScheduledExecutorService ticker =
                Executors.newSingleThreadScheduledExecutor(
                        runnable -> {
                            Thread thread = new Thread(runnable, "herdpulse-progress");
                            thread.setDaemon(true);
                            return thread;
                        });
        RateMeter meter = new RateMeter();
        long[] ticks = {0};
        ticker.scheduleAtFixedRate(
                () -> {
                    double rate = meter.sample(System.nanoTime(), publisher.acknowledged());
                    metrics.rate(rate);
                    if (++ticks[0] % PROGRESS_EVERY_TICKS == 0) {
                        progressOut.printf(
                                Locale.ROOT,
                                "%s: %d acknowledged, %.0f records/s, %.0f retries; %s%n",
                                command,
                                publisher.acknowledged(),
                                rate,
                                publisher.retries(),
                                progress.get());
                    }
                },
                1,
                1,
                TimeUnit.SECONDS);
        return ticker;
    }
}
