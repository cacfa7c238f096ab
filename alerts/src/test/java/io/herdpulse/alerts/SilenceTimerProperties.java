package io.herdpulse.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.model.AlertKind;
import io.herdpulse.model.HealthAlert;
import io.herdpulse.model.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * SENSOR_SILENT over random arrival orders, watermarks, restores and parallelisms: every silence of
 * a cow while her farm keeps reporting raises exactly one alert, ended by her next reading (after
 * her last, by her state's expiry), and no shorter gap raises one. Each reading moves her silence
 * deadline later; her wake-up timer is left where it is then and set again when it fires ({@link
 * EventTimeOrder}), so a timer not set again would miss a silence, and one set twice could double
 * it. Whichever instance holds a cow, and whichever her farm-mates, she knows her farm kept
 * reporting.
 *
 * <p>The gaps are drawn clear of the rule's edges, so the expected alerts follow from DESIGN.md's
 * rule alone: a gap shorter than the silence span never reaches the deadline, and one of at least
 * {@link #SURELY_SILENT} always has a poll that knows of a farm report after the deadline before
 * her next reading (polls a span apart from the end of the deadline's minute; the farm reports
 * every 10 minutes; a report is known at the end of its minute: a poll knows of one at most a span
 * and a minute after the deadline).
 */
class SilenceTimerProperties {
    /** RestoreProperties' hourly readings and hour-long spans: long silences in few readings. */
    private static final AlertThresholds THRESHOLDS = RestoreProperties.THRESHOLDS;

    private static final Duration SPAN = THRESHOLDS.silentSpan();
    private static final Duration SURELY_SILENT = SPAN.multipliedBy(2).plusMinutes(5);
    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");

    /** Two farm-mates that never fall silent, each every 20 minutes, 10 minutes apart. */
    private static final List<String> FARM_MATES = List.of("mate-0", "mate-1");

    private static final Duration FARM_MATE_EVERY = Duration.ofMinutes(20);

    /** Readings arrive up to this late; their partition's watermark trails its newest by more. */
    private static final long DISORDER = Duration.ofMinutes(40).toMillis();

    private static final long LAG = Duration.ofHours(1).toMillis();

    /** A cow's gap before her next reading: short of the span, or surely silent. */
    @Provide
    Arbitrary<List<List<Duration>>> cows() {
        Arbitrary<Duration> gap =
                Arbitraries.frequencyOf(
                        Tuple.of(
                                6,
                                Arbitraries.longs()
                                        .between(60, SPAN.toSeconds() - 1)
                                        .map(Duration::ofSeconds)),
                        Tuple.of(
                                1,
                                Arbitraries.longs()
                                        .between(
                                                SURELY_SILENT.toSeconds(),
                                                SURELY_SILENT.multipliedBy(2).toSeconds())
                                        .map(Duration::ofSeconds)));
        return gap.list().ofMinSize(1).ofMaxSize(30).list().ofMinSize(1).ofMaxSize(3);
    }

    @Property(tries = 200)
    void everySilenceRaisesOneAlertWhateverTheOrderAndRestores(
            @ForAll("cows") List<List<Duration>> cows,
            @ForAll @IntRange(min = 1, max = 3) int parallelism,
            @ForAll Random random)
            throws Exception {
        List<Reading> readings = new ArrayList<>();
        Map<String, List<Silence>> expected = new TreeMap<>();
        Instant end = START;
        for (int cow = 0; cow < cows.size(); cow++) {
            String animal = "cow-" + cow;
            List<Silence> silences = new ArrayList<>();
            Instant at = START;
            for (Duration gap : cows.get(cow)) {
                readings.add(TestReadings.temperature(animal, at, TestReadings.TEMP));
                Instant next = at.plus(gap);
                if (gap.compareTo(SURELY_SILENT) >= 0) {
                    silences.add(new Silence(at.plus(THRESHOLDS.sensorInterval()), next));
                }
                at = next;
            }
            readings.add(TestReadings.temperature(animal, at, TestReadings.TEMP));
            silences.add(
                    new Silence(
                            at.plus(THRESHOLDS.sensorInterval()),
                            at.plus(THRESHOLDS.alertStateTtl())));
            expected.put(animal, silences);
            end = end.isAfter(at) ? end : at;
        }
        // The farm reports until the last cow's silence has surely been seen.
        Instant farmUntil = end.plus(SURELY_SILENT);
        for (Instant t = START; t.isBefore(farmUntil); t = t.plus(FARM_MATE_EVERY)) {
            readings.add(TestReadings.temperature(FARM_MATES.get(0), t, TestReadings.TEMP));
            readings.add(
                    TestReadings.temperature(
                            FARM_MATES.get(1),
                            t.plus(FARM_MATE_EVERY.dividedBy(2)),
                            TestReadings.TEMP));
        }
        FARM_MATES.forEach(mate -> expected.put(mate, List.of()));

        List<RestoreProperties.Event> events = arrivals(readings, random);
        assertThat(silences(RestoreProperties.run(events, parallelism), expected.keySet()))
                .isEqualTo(expected);
    }

    /** One SENSOR_SILENT alert: its start and end. */
    record Silence(Instant startedAt, Instant endedAt) {}

    /**
     * The readings in event time, each delayed at random by up to {@link #DISORDER} and stamped
     * with the partition's watermark ({@link #LAG} behind the newest before it); Flink's watermark
     * now and then, restores (at a parallelism of 1 to 3) rarely, and at the end a watermark past
     * every state's expiry.
     */
    private static List<RestoreProperties.Event> arrivals(List<Reading> readings, Random random) {
        record Arriving(long key, Reading reading) {}
        List<Arriving> arriving = new ArrayList<>();
        for (Reading reading : readings) {
            long at = reading.timestamp().toEpochMilli();
            arriving.add(new Arriving(at + (long) (random.nextDouble() * DISORDER), reading));
        }
        arriving.sort(Comparator.comparingLong(Arriving::key));
        List<RestoreProperties.Event> events = new ArrayList<>();
        long newest = Long.MIN_VALUE;
        for (Arriving next : arriving) {
            long stamp = newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - LAG;
            events.add(new RestoreProperties.Send(next.reading(), stamp));
            newest = Math.max(newest, next.reading().timestamp().toEpochMilli());
            if (random.nextInt(8) == 0) {
                events.add(new RestoreProperties.Mark(newest - LAG));
            }
            if (random.nextInt(150) == 0) {
                events.add(new RestoreProperties.Restore(random.nextInt(6), 1 + random.nextInt(3)));
            }
        }
        events.add(
                new RestoreProperties.Mark(
                        newest + THRESHOLDS.alertStateTtl().plusDays(1).toMillis()));
        return events;
    }

    /** Each animal's SENSOR_SILENT alerts, one per start, with the end its last row gave it. */
    private static Map<String, List<Silence>> silences(
            List<HealthAlert> emitted, Set<String> animals) {
        Map<String, List<Silence>> silences = new TreeMap<>();
        animals.forEach(animal -> silences.put(animal, new ArrayList<>()));
        for (HealthAlert alert : emitted) {
            if (alert.kind() != AlertKind.SENSOR_SILENT) {
                continue;
            }
            List<Silence> own = silences.get(alert.animalId());
            Silence open = new Silence(alert.startedAt(), null);
            boolean endsTheOpenOne =
                    alert.endedAt() != null
                            && !own.isEmpty()
                            && own.get(own.size() - 1).equals(open);
            if (endsTheOpenOne) {
                own.set(own.size() - 1, new Silence(alert.startedAt(), alert.endedAt()));
            } else {
                own.add(new Silence(alert.startedAt(), alert.endedAt()));
            }
        }
        return silences;
    }
}
