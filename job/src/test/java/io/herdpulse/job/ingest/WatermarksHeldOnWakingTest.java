package io.herdpulse.job.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkOutputMultiplexer;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.clock.ManualClock;
import org.apache.flink.util.clock.RelativeClock;
import org.junit.jupiter.api.Test;

/**
 * The generators of two splits of one source reader, combined by Flink's own multiplexer as the
 * reader combines them, on clocks the test moves.
 */
class WatermarksHeldOnWakingTest {
    private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(10);
    private static final Duration IDLENESS = Duration.ofSeconds(30);
    private static final Duration HOLD = Duration.ofSeconds(5);
    private static final Duration INTERVAL = Duration.ofMillis(50);
    private static final Instant T = Instant.parse("2026-03-02T10:00:00Z");
    private static final WatermarksHeldOnWaking.Advance<Long> BY_TIMESTAMP =
            (event, timestamp) -> timestamp;
    private static final WatermarksHeldOnWaking.Restored<Long> NOTHING_RESTORED =
            event -> Long.MIN_VALUE;

    private final ManualClock activity = new ManualClock();
    private final ReaderOutput reader = new ReaderOutput();
    private final WatermarkOutputMultiplexer splits = new WatermarkOutputMultiplexer(reader);
    private final Map<Duration, WatermarkGeneratorSupplier<Long>> subtasks = new HashMap<>();
    private final Map<String, WatermarkGenerator<Long>> generators = new HashMap<>();
    private final WatermarkGeneratorSupplier.Context context =
            new WatermarkGeneratorSupplier.Context() {
                @Override
                public MetricGroup getMetricGroup() {
                    return new UnregisteredMetricsGroup();
                }

                @Override
                public RelativeClock getInputActivityClock() {
                    return activity;
                }
            };

    @Test
    void followsItsReadingsLessTheOutOfOrdernessWhileTheyCome() {
        split("x", HOLD);
        read("x", T);
        run(Duration.ofSeconds(1));
        read("x", T.plusSeconds(60));
        read("x", T.plusSeconds(30));
        run(Duration.ofSeconds(1));

        assertThat(reader.watermarks)
                .containsExactly(watermarkAfter(T), watermarkAfter(T.plusSeconds(60)));
        assertThat(reader.idle).isFalse();
    }

    @Test
    void anEventMovesItsSplitsWatermarkOnlyAsFarAsItsAdvance() {
        // Each event here is when the broker took it; its timestamp may run ahead of that.
        splits.registerNewOutput("x");
        generators.put(
                "x",
                WatermarksHeldOnWaking.<Long>supplier(
                                Math::min, NOTHING_RESTORED, OUT_OF_ORDERNESS, IDLENESS, HOLD)
                        .createWatermarkGenerator(context));
        WatermarkOutput x = splits.getImmediateOutput("x");
        generators.get("x").onEvent(T.toEpochMilli() + 1_000, T.toEpochMilli(), x);
        generators
                .get("x")
                .onEvent(T.toEpochMilli() + 2_000, T.plus(Duration.ofMinutes(4)).toEpochMilli(), x);
        run(Duration.ofSeconds(1));

        assertThat(reader.watermarks).containsExactly(watermarkAfter(T.plusSeconds(2)));
    }

    @Test
    void aWakingSplitHoldsTheWatermarkOfItsFirstNewReadingUntilTheOthersWakingWithItTakePart() {
        split("x", HOLD);
        split("y", HOLD);
        readBothAndFallQuiet();

        Instant resumed = T.plus(Duration.ofHours(3));
        readEveryTenMinutes("x", resumed, 6);
        run(Duration.ofSeconds(1));
        assertThat(reader.watermarks).containsExactly(watermarkAfter(T), watermarkAfter(resumed));
        readEveryTenMinutes("y", resumed.plusSeconds(30), 6);
        run(HOLD.minusSeconds(1).minus(INTERVAL));
        assertThat(reader.watermarks).containsExactly(watermarkAfter(T), watermarkAfter(resumed));

        // x's hold ends first: y, still holding its first reading, is the smaller; then y's.
        run(Duration.ofSeconds(2));
        assertThat(reader.watermarks)
                .containsExactly(
                        watermarkAfter(T),
                        watermarkAfter(resumed),
                        watermarkAfter(resumed.plusSeconds(30)),
                        watermarkAfter(resumed.plus(Duration.ofMinutes(50))));
    }

    @Test
    void splitsWakingInOneFetchWaitForTheOlderReadingsOfIt() {
        split("x", HOLD);
        split("y", HOLD);
        readBothAndFallQuiet();

        read("x", T.plus(Duration.ofHours(3)));
        read("y", T.plus(Duration.ofHours(2)));
        run(INTERVAL);

        assertThat(reader.watermarks)
                .containsExactly(watermarkAfter(T), watermarkAfter(T.plus(Duration.ofHours(2))));
    }

    @Test
    void aResentReadingWakesASplitAtItsOldWatermarkAndTheFirstNewOneIsHeld() {
        split("x", HOLD);
        read("x", T);
        run(IDLENESS.plusSeconds(1));
        assertThat(reader.idle).isTrue();

        read("x", T);
        run(Duration.ofSeconds(1));
        assertThat(reader.watermarks).containsExactly(watermarkAfter(T));

        Instant resumed = T.plus(Duration.ofHours(3));
        readEveryTenMinutes("x", resumed, 6);
        run(Duration.ofSeconds(1));
        assertThat(reader.watermarks).containsExactly(watermarkAfter(T), watermarkAfter(resumed));
        run(HOLD);
        assertThat(reader.watermarks)
                .containsExactly(
                        watermarkAfter(T),
                        watermarkAfter(resumed),
                        watermarkAfter(resumed.plus(Duration.ofMinutes(50))));
    }

    @Test
    void withoutAHoldTheFirstSplitToWakeCarriesTheWatermarkPastTheOthersReadings() {
        split("x", Duration.ZERO);
        split("y", Duration.ZERO);
        readBothAndFallQuiet();

        Instant resumed = T.plus(Duration.ofHours(3));
        readEveryTenMinutes("x", resumed, 6);
        run(Duration.ofSeconds(1));

        assertThat(reader.watermarks)
                .containsExactly(
                        watermarkAfter(T), watermarkAfter(resumed.plus(Duration.ofMinutes(50))));
    }

    @Test
    void aSplitThatStaysQuietHoldsNothingBackOnceTheHoldIsOver() {
        split("x", HOLD);
        split("y", HOLD);
        readBothAndFallQuiet();

        readSixHeldAtTheFirst("x", T.plus(Duration.ofHours(3)), watermarkAfter(T));
    }

    @Test
    void aSplitGoingIdleBeforeItsHoldEndsCountsItsReadingsFirst() {
        Duration longerThanTheIdleness = IDLENESS.multipliedBy(2);
        split("x", longerThanTheIdleness);
        read("x", T);
        run(IDLENESS.plusSeconds(1));

        Instant resumed = T.plus(Duration.ofHours(3));
        readEveryTenMinutes("x", resumed, 6);
        run(IDLENESS.plusSeconds(1));

        assertThat(reader.idle).isTrue();
        assertThat(reader.watermarks)
                .containsExactly(
                        watermarkAfter(T),
                        watermarkAfter(resumed),
                        watermarkAfter(resumed.plus(Duration.ofMinutes(50))));
    }

    @Test
    void aSplitIsIdleOnlyAfterTheIdlenessWithoutReadings() {
        split("x", HOLD);
        read("x", T);
        run(IDLENESS);
        assertThat(reader.idle).isFalse();

        run(Duration.ofSeconds(1));
        assertThat(reader.idle).isTrue();
    }

    @Test
    void aSplitTheSourceCannotReadIsNotIdle() {
        split("x", HOLD);
        read("x", T);
        // Backpressure or alignment: Flink's input activity clock stands still meanwhile.
        for (long i = 0; i < Duration.ofMinutes(2).dividedBy(INTERVAL); i++) {
            emitPeriodically();
        }

        assertThat(reader.idle).isFalse();
    }

    @Test
    void messagesWithoutEventTimeNeitherKeepASplitFromIdlenessNorWakeIt() {
        split("x", HOLD);
        read("x", T);
        for (long i = 0; i < IDLENESS.plusSeconds(1).dividedBy(INTERVAL); i++) {
            readWithoutEventTime("x");
            run(INTERVAL);
        }
        assertThat(reader.idle).isTrue();

        readWithoutEventTime("x");
        run(Duration.ofSeconds(1));
        assertThat(reader.idle).isTrue();
        assertThat(reader.watermarks).containsExactly(watermarkAfter(T));
    }

    @Test
    void readingsBehindTheSplitsWatermarkNeitherKeepItFromIdlenessNorWakeIt() {
        // A bolus whose clock was reset, a gateway resending one old batch: on a partition with
        // nothing else they pinned the watermark, and with it every window, for as long as they
        // came.
        split("x", HOLD);
        read("x", T);
        Instant stale = T.minus(OUT_OF_ORDERNESS).minusMillis(1);
        for (long i = 0; i < IDLENESS.plusSeconds(1).dividedBy(INTERVAL); i++) {
            read("x", stale);
            run(INTERVAL);
        }
        assertThat(reader.idle).isTrue();

        read("x", T.minus(Duration.ofDays(1)));
        run(Duration.ofSeconds(1));
        assertThat(reader.idle).isTrue();
        assertThat(reader.watermarks).containsExactly(watermarkAfter(T));
    }

    @Test
    void readingsWithinTheOutOfOrdernessKeepTheSplitActive() {
        split("x", HOLD);
        read("x", T);
        Instant onTime = T.minus(OUT_OF_ORDERNESS);
        for (long i = 0; i < IDLENESS.plusSeconds(1).dividedBy(INTERVAL); i++) {
            read("x", onTime);
            run(INTERVAL);
        }

        assertThat(reader.idle).isFalse();
    }

    @Test
    void splitsTheReaderStartsWithFollowTheirFirstReadingsAtOnce() {
        // A start or a restore: downstream waits for every subtask anyway, a hold would only delay.
        split("x", HOLD);
        split("y", HOLD);
        read("x", T.plusSeconds(60));
        read("y", T);
        read("y", T.plusSeconds(120));
        run(INTERVAL.multipliedBy(2));

        assertThat(reader.watermarks).containsExactly(watermarkAfter(T.plusSeconds(60)));
    }

    @Test
    void aSplitGivenAfterTheReaderSentAWatermarkHoldsItsFirstReadingAsAWakingOne() {
        split("x", HOLD);
        read("x", T);
        run(IDLENESS.plusSeconds(1));
        assertThat(reader.idle).isTrue();

        // A partition added to the topic, found with a replay already in it.
        split("y", HOLD);
        readSixHeldAtTheFirst("y", T.plus(Duration.ofHours(3)), watermarkAfter(T));
    }

    @Test
    void aSplitGivenAfterTheReadersSplitsWentIdleHoldsItsFirstReading() {
        // A restart, or a start, on a quiet topic: nothing to emit, but downstream moved on
        // without the reader once its splits went idle.
        split("x", HOLD);
        run(IDLENESS.plusSeconds(1));
        assertThat(reader.idle).isTrue();

        split("y", HOLD);
        readSixHeldAtTheFirst("y", T.plus(Duration.ofHours(3)));
    }

    @Test
    void aRestartedSubtaskStartsAfreshAndHoldsNoSplitItStartsWith() throws Exception {
        WatermarkGeneratorSupplier<Long> started =
                WatermarksHeldOnWaking.supplier(
                        BY_TIMESTAMP, NOTHING_RESTORED, OUT_OF_ORDERNESS, IDLENESS, HOLD);
        WatermarkOutput ignored = new ReaderOutput();
        WatermarkGenerator<Long> before = started.createWatermarkGenerator(context);
        before.onEvent(T.toEpochMilli(), T.toEpochMilli(), ignored);
        before.onPeriodicEmit(ignored);
        // As Flink ships the source's watermark strategy to each subtask it starts.
        subtasks.put(HOLD, InstantiationUtil.clone(started));

        split("x", HOLD);
        Instant restored = T.plus(Duration.ofHours(3));
        readEveryTenMinutes("x", restored, 6);
        run(INTERVAL.multipliedBy(2));

        assertThat(reader.watermarks)
                .containsExactly(watermarkAfter(restored.plus(Duration.ofMinutes(50))));
    }

    @Test
    void aRestoredSplitResumesAtItsWatermarkInTheCheckpointWhateverItsFirstReadings() {
        restoredSplit("x", T);
        Instant dayOld = T.minus(Duration.ofDays(1));
        readEveryTenMinutes("x", dayOld, 3);
        run(Duration.ofSeconds(1));
        assertThat(reader.watermarks).containsExactly(watermarkAfter(T));

        read("x", T.plusSeconds(60));
        run(Duration.ofSeconds(1));
        assertThat(reader.watermarks)
                .containsExactly(watermarkAfter(T), watermarkAfter(T.plusSeconds(60)));
    }

    @Test
    void aRestoredSplitReadingOnlyWhatIsBehindItsCheckpointGoesIdleThere() {
        restoredSplit("x", T);
        Instant dayOld = T.minus(Duration.ofDays(1));
        for (int second = 0; second <= IDLENESS.toSeconds() + 1; second++) {
            read("x", dayOld.plusSeconds(second));
            run(Duration.ofSeconds(1));
        }

        assertThat(reader.watermarks).containsExactly(watermarkAfter(T));
        assertThat(reader.idle).isTrue();
    }

    /**
     * A split the reader starts with after a restore, its generator made by a supplier of the
     * restored subtask, whose checkpoint had the split's partition at {@code newest}.
     */
    private void restoredSplit(String id, Instant newest) {
        long restored = newest.toEpochMilli();
        splits.registerNewOutput(id);
        generators.put(
                id,
                WatermarksHeldOnWaking.supplier(
                                BY_TIMESTAMP, event -> restored, OUT_OF_ORDERNESS, IDLENESS, HOLD)
                        .createWatermarkGenerator(context));
    }

    /** Both splits read T, the reader emits its watermark, then both go idle. */
    private void readBothAndFallQuiet() {
        read("x", T);
        read("y", T);
        run(Duration.ofSeconds(1));
        run(IDLENESS.plusSeconds(1));
        assertThat(reader.idle).isTrue();
        assertThat(reader.watermarks).containsExactly(watermarkAfter(T));
    }

    /** A split given to the reader, its generator made by the reader's supplier for its hold. */
    private void split(String id, Duration hold) {
        splits.registerNewOutput(id);
        generators.put(
                id,
                subtasks.computeIfAbsent(
                                hold,
                                h ->
                                        WatermarksHeldOnWaking.supplier(
                                                BY_TIMESTAMP,
                                                NOTHING_RESTORED,
                                                OUT_OF_ORDERNESS,
                                                IDLENESS,
                                                h))
                        .createWatermarkGenerator(context));
    }

    /**
     * Six readings ten minutes apart on {@code split}: the reader's watermark, after {@code
     * earlier}, holds the first until the hold is over, then follows the newest.
     */
    private void readSixHeldAtTheFirst(String split, Instant first, Long... earlier) {
        List<Long> expected = new ArrayList<>(List.of(earlier));
        readEveryTenMinutes(split, first, 6);
        run(HOLD.minus(INTERVAL));
        expected.add(watermarkAfter(first));
        assertThat(reader.watermarks).containsExactlyElementsOf(expected);

        run(INTERVAL.multipliedBy(2));
        expected.add(watermarkAfter(first.plus(Duration.ofMinutes(50))));
        assertThat(reader.watermarks).containsExactlyElementsOf(expected);
    }

    private void readEveryTenMinutes(String split, Instant first, int readings) {
        for (int i = 0; i < readings; i++) {
            read(split, first.plus(Duration.ofMinutes(10L * i)));
        }
    }

    private void readWithoutEventTime(String split) {
        generators
                .get(split)
                .onEvent(
                        TimestampAssigner.NO_TIMESTAMP,
                        TimestampAssigner.NO_TIMESTAMP,
                        splits.getImmediateOutput(split));
    }

    private void read(String split, Instant eventTime) {
        long timestamp = eventTime.toEpochMilli();
        generators.get(split).onEvent(timestamp, timestamp, splits.getImmediateOutput(split));
    }

    /** Periodic emissions every interval for this long, as the source operator makes them. */
    private void run(Duration duration) {
        for (long i = 0; i < duration.dividedBy(INTERVAL); i++) {
            activity.advanceTime(INTERVAL);
            emitPeriodically();
        }
    }

    private void emitPeriodically() {
        generators.forEach(
                (split, generator) -> generator.onPeriodicEmit(splits.getDeferredOutput(split)));
        splits.onPeriodicEmit();
    }

    private static long watermarkAfter(Instant newest) {
        return newest.toEpochMilli() - OUT_OF_ORDERNESS.toMillis() - 1;
    }

    /** What the reader passes downstream. */
    private static final class ReaderOutput implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();
        boolean idle;

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
            idle = false;
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    }
}
