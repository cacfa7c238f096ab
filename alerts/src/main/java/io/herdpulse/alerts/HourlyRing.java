package io.herdpulse.alerts;

/**
 * Arithmetic on rings of aggregates kept newest-first: index 0 is the bucket of the latest reading,
 * index i the bucket i steps before it.
 *
 * <p>A bucket covers the half-open span {@code (start, start + size]}, as a reading covers the
 * interval before its timestamp. So for evenly spaced readings a window {@code (t - n, t]} is
 * exactly the newest n buckets with the oldest of them weighted by the part of it still inside.
 */
public final class HourlyRing {

    private HourlyRing() {}

    /** The bucket a timestamp falls in, for buckets of {@code sizeMillis}. */
    public static long bucketOf(long epochMillis, long sizeMillis) {
        return Math.floorDiv(epochMillis - 1, sizeMillis);
    }

    /** How much of its bucket has elapsed at this timestamp: in (0, 1], clamped to [0, 1]. */
    public static double elapsed(long epochMillis, long bucket, long sizeMillis) {
        double elapsed = (double) (epochMillis - bucket * sizeMillis) / sizeMillis;
        return Math.min(1.0, Math.max(0.0, elapsed));
    }

    /**
     * A new ring: this one moved forward by {@code steps} buckets (the new ones empty), resized to
     * {@code size} so a restore with other spans still works, with {@code amount} added to its
     * newest bucket. Total over any input: a negative step does not move the ring but adds to the
     * older bucket it names, or nowhere if that has left the ring.
     */
    public static float[] advanceAndAdd(float[] ring, long steps, int size, double amount) {
        float[] moved = new float[size];
        long shift = Math.max(steps, 0);
        if (shift < size) {
            System.arraycopy(
                    ring, 0, moved, (int) shift, Math.min(ring.length, size - (int) shift));
        }
        long target = Math.max(-steps, 0);
        if (target < size) {
            moved[(int) target] += (float) amount;
        }
        return moved;
    }

    /**
     * The sum over the newest {@code buckets} buckets and the part of the next older one still
     * inside a window that ends {@code elapsed} into the newest bucket.
     */
    public static double window(float[] ring, int buckets, double elapsed) {
        double sum = 0;
        for (int i = 0; i < Math.min(buckets, ring.length); i++) {
            sum += ring[i];
        }
        if (buckets < ring.length) {
            sum += (1.0 - elapsed) * ring[buckets];
        }
        return sum;
    }
}
