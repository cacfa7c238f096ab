package io.herdpulse.job.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkOutputMultiplexer;
import org.apache.flink.util.clock.ManualClock;
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

    private final ManualClock activity = new ManualClock();
    private final ManualClock wall = new ManualClock();
    private final ReaderOutput reader = new ReaderOutput();
    private final WatermarkOutputMultiplexer splits = new WatermarkOutputMultiplexer(reader);
    private final Map<String, WatermarksHeldOnWaking<Long>> generators = new HashMap<>();

    @Test
    void followsItsReadingsLessTheOutOfOrdernessWhileTheyCome() {
        split("x", HOLD);
        read("x", T);
        run(Duration.ofSeconds(1));
        read("x", T.plusSeconds(60));
        run(Duration.ofSeconds(1));

        assertThat(reader.watermarks)
                .containsExactly(watermarkAfter(T), watermarkAfter(T.plusSeconds(60)));
        assertThat(reader.idle).isFalse();
    }

    @Test
    void aWakingSplitHoldsTheWatermarkUntilTheSplitsWakingWithItHaveTakenPart() {
        split("x", HOLD);
        split("y", HOLD);
        readBothAndFallQuiet();

        read("x", T.plus(Duration.ofHours(3)));
        run(Duration.ofSeconds(1));
        assertThat(reader.watermarks).containsExactly(watermarkAfter(T));

        read("y", T.plus(Duration.ofHours(2)));
        run(HOLD);
        assertThat(reader.watermarks)
                .containsExactly(watermarkAfter(T), watermarkAfter(T.plus(Duration.ofHours(2))));
    }

    @Test
    void withoutAHoldTheFirstSplitToWakeCarriesTheWatermarkPastTheOthersReadings() {
        split("x", Duration.ZERO);
        split("y", Duration.ZERO);
        readBothAndFallQuiet();

        read("x", T.plus(Duration.ofHours(3)));
        run(Duration.ofSeconds(1));
        read("y", T.plus(Duration.ofHours(2)));
        run(HOLD);

        assertThat(reader.watermarks)
                .containsExactly(watermarkAfter(T), watermarkAfter(T.plus(Duration.ofHours(3))));
    }

    @Test
    void aSplitThatStaysQuietHoldsNothingBackOnceTheHoldIsOver() {
        split("x", HOLD);
        split("y", HOLD);
        readBothAndFallQuiet();

        read("x", T.plus(Duration.ofHours(3)));
        run(HOLD.minus(INTERVAL));
        assertThat(reader.watermarks).containsExactly(watermarkAfter(T));
        run(INTERVAL.multipliedBy(2));

        assertThat(reader.watermarks)
                .containsExactly(watermarkAfter(T), watermarkAfter(T.plus(Duration.ofHours(3))));
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
        // Backpressure or alignment: Flink's input activity clock stands still, the wall does not.
        for (long i = 0; i < Duration.ofMinutes(2).dividedBy(INTERVAL); i++) {
            wall.advanceTime(INTERVAL);
            emitPeriodically();
        }

        assertThat(reader.idle).isFalse();
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

    private void split(String id, Duration hold) {
        splits.registerNewOutput(id);
        generators.put(
                id,
                new WatermarksHeldOnWaking<>(
                        new BoundedOutOfOrdernessWatermarks<>(OUT_OF_ORDERNESS),
                        IDLENESS,
                        hold,
                        activity,
                        wall));
    }

    private void read(String split, Instant eventTime) {
        long timestamp = eventTime.toEpochMilli();
        generators.get(split).onEvent(timestamp, timestamp, splits.getImmediateOutput(split));
    }

    /** Periodic emissions every interval for this long, as the source operator makes them. */
    private void run(Duration duration) {
        for (long i = 0; i < duration.dividedBy(INTERVAL); i++) {
            activity.advanceTime(INTERVAL);
            wall.advanceTime(INTERVAL);
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
