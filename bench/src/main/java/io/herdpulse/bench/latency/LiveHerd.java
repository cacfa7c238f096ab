package io.herdpulse.bench.latency;

import io.herdpulse.bench.data.Herds;
import io.herdpulse.bench.data.Publisher;
import io.herdpulse.model.Reading;
import io.herdpulse.model.ReadingJson;
import io.herdpulse.producer.simulate.HerdSimulator;
import io.herdpulse.stack.StackException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A herd reporting in real time, every animal once a second, so the rate is the herd's size; one
 * animal in {@link #FEVER_SPACING} runs a fever, after at least {@link #READINGS_BEFORE_FEVER}
 * readings. The fevers start one after another across the run (the last {@link #FEVER_SLACK} and
 * the readings that raise the alert before its end), so the alerts' latencies are sampled over the
 * run, not all in one second of it (12 s after the start, while the job's JIT still warms up).
 * Boluses are not synchronised: each animal reports at its own phase within the second (the {@code
 * i}-th animal {@code i / animals} of a second after the whole second), so the readings arrive at
 * an even rate and event time moves as the wall clock does, not in steps of a second. (The
 * simulator's phases are whole seconds within its interval, all 0 at an interval of a second: every
 * animal would report at the same instant, and a reading would wait for the next second's before
 * any watermark could pass it, however small the out-of-orderness.) For every reading the broker's
 * append time (the topic's LogAppendTime, in the acknowledgement) is kept where a latency starts:
 * the last reading of each animal's window, the third fever reading of each feverish animal (the
 * one that must raise the FEVER alert).
 */
final class LiveHerd {
    static final int FEVER_SPACING = 50;
    static final double FEVER_C = 41.0;
    private static final int READINGS_TO_ALERT = 3;

    /**
     * Normal readings before a fever: the alert rules count temperatures only once an animal's
     * median of 6 readings is learnt, so the fever starts after that, with room to spare.
     */
    static final int READINGS_BEFORE_FEVER = 10;

    /**
     * Time left after the last fever's alerting reading: the suite's largest out-of-orderness (10
     * s), which the watermark must pass while the herd still reports, and 5 s to spare.
     */
    static final Duration FEVER_SLACK = Duration.ofSeconds(15);

    /** Append time of the latest reading of each animal's window, by {@link RowWatch#statsKey}. */
    final Map<String, Long> lastAppendOfRow = new ConcurrentHashMap<>();

    /** Append time of each feverish animal's third fever reading. */
    final Map<String, Long> alertingAppend = new ConcurrentHashMap<>();

    /** The newest event time sent to each partition, ms. */
    final Map<Integer, Long> newestEventOfPartition = new ConcurrentHashMap<>();

    private final Map<String, Integer> feverReadings = new HashMap<>();
    private final Map<String, Integer> order = new HashMap<>();
    private final String bootstrapServers;
    private final String topic;
    private final int animals;
    private final Duration window;
    private long sent;

    LiveHerd(String bootstrapServers, String topic, int animals, Duration window) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.animals = animals;
        this.window = window;
    }

    /** Sends for {@code length} of wall-clock time, each reading not before its own timestamp. */
    void run(Duration length) {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Instant end = start.plus(length);
        Instant feverFrom = start.plusSeconds(READINGS_BEFORE_FEVER);
        long feverSpan =
                Math.max(
                        0,
                        length.minus(FEVER_SLACK).toSeconds()
                                - READINGS_BEFORE_FEVER
                                - READINGS_TO_ALERT);
        HerdSimulator herd = Herds.simulator(animals, Duration.ofSeconds(1), start);
        try (Publisher publisher = new Publisher(bootstrapServers, topic)) {
            while (true) {
                Reading reading = herd.next();
                if (!reading.timestamp().isBefore(end)) {
                    break;
                }
                int index = order.computeIfAbsent(reading.animalId(), id -> order.size());
                boolean feverish =
                        index % FEVER_SPACING == 0
                                && !reading.timestamp()
                                        .isBefore(feverStart(feverFrom, feverSpan, index));
                Reading sentReading =
                        as(
                                reading,
                                reading.timestamp().plusNanos(phaseNanos(index)),
                                feverish ? FEVER_C : reading.rumenTempC());
                waitUntil(sentReading.timestamp());
                boolean alerting =
                        feverish
                                && feverReadings.merge(reading.animalId(), 1, Integer::sum)
                                        == READINGS_TO_ALERT;
                String row = RowWatch.statsKey(reading.animalId(), windowStart(sentReading));
                long eventMs = sentReading.timestamp().toEpochMilli();
                publisher.send(
                        reading.animalId(),
                        ReadingJson.toJson(sentReading),
                        metadata -> {
                            lastAppendOfRow.merge(row, metadata.timestamp(), Math::max);
                            newestEventOfPartition.merge(metadata.partition(), eventMs, Math::max);
                            if (alerting) {
                                alertingAppend.put(reading.animalId(), metadata.timestamp());
                            }
                        });
                sent++;
            }
        }
    }

    long sent() {
        return sent;
    }

    /** Animals given a fever: one in {@link #FEVER_SPACING} of those that reported. */
    long feverish() {
        return order.values().stream().filter(index -> index % FEVER_SPACING == 0).count();
    }

    /** Rows whose window the job's watermark has passed on every partition: they must appear. */
    Map<String, Long> closedRows(Duration outOfOrderness) {
        long watermark =
                newestEventOfPartition.values().stream()
                                .mapToLong(Long::longValue)
                                .min()
                                .orElse(Long.MIN_VALUE)
                        - outOfOrderness.toMillis();
        Map<String, Long> closed = new HashMap<>();
        lastAppendOfRow.forEach(
                (row, append) -> {
                    long windowStart = Long.parseLong(row.substring(row.lastIndexOf('@') + 1));
                    if (windowStart + window.toMillis() <= watermark) {
                        closed.put(row, append);
                    }
                });
        return closed;
    }

    private long windowStart(Reading reading) {
        long ms = reading.timestamp().toEpochMilli();
        return Math.floorDiv(ms, window.toMillis()) * window.toMillis();
    }

    /**
     * When the fever of the {@code index}-th animal (one of every {@link #FEVER_SPACING}) starts:
     * the feverish animals' starts spread evenly over {@code span} seconds from {@code from}.
     */
    private Instant feverStart(Instant from, long span, int index) {
        long feverish = (animals + FEVER_SPACING - 1) / FEVER_SPACING;
        return from.plusSeconds(index / FEVER_SPACING * span / feverish);
    }

    /** When within each second the {@code index}-th animal reports, in whole milliseconds. */
    private long phaseNanos(int index) {
        return Duration.ofMillis(index * 1_000L / animals).toNanos();
    }

    /** The simulator's reading as sent: at its animal's phase, with a fever if she has one. */
    private static Reading as(Reading reading, Instant timestamp, double celsius) {
        return new Reading(
                reading.schemaVersion(),
                reading.readingId(),
                reading.farmId(),
                reading.animalId(),
                reading.sensorId(),
                timestamp,
                celsius,
                reading.activity(),
                reading.ruminationMin(),
                reading.waterIntakeL(),
                reading.rumenPh());
    }

    private static void waitUntil(Instant time) {
        long wait = time.toEpochMilli() - System.currentTimeMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while sending readings", e);
            }
        }
    }
}
