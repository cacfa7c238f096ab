package io.herdpulse.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** The ring arithmetic is total: any steps, forwards or backwards, and any sizes. */
class HourlyRingProperties {

    @Property
    void movingAndAddingNeverThrowsAndKeepsWhatStaysInTheRing(
            @ForAll @Size(max = 30) float[] ring,
            @ForAll @LongRange(min = -100, max = 100) long steps,
            @ForAll @IntRange(min = 1, max = 30) int size,
            @ForAll @DoubleRange(min = 0, max = 100) double amount) {
        float[] moved = HourlyRing.advanceAndAdd(ring, steps, size, amount);

        assertThat(moved).hasSize(size);
        // Forwards, each old bucket moves by the steps; backwards nothing moves.
        long shift = Math.max(steps, 0);
        long added = Math.max(-steps, 0);
        for (int i = 0; i < size; i++) {
            long from = i - shift;
            float expected = from >= 0 && from < ring.length ? ring[(int) from] : 0f;
            if (i == added) {
                expected += (float) amount;
            }
            assertThat(moved[i]).as("bucket %d", i).isEqualTo(expected);
        }
    }

    @Property
    void theElapsedShareOfABucketIsAlwaysWithinZeroAndOne(
            @ForAll @LongRange(min = -1_000_000, max = 1_000_000) long at,
            @ForAll @LongRange(min = -1_000, max = 1_000) long bucket,
            @ForAll @LongRange(min = 1, max = 10_000) long size) {
        assertThat(HourlyRing.elapsed(at, bucket, size)).isBetween(0.0, 1.0);
    }
}
