package io.herdpulse.alerts.ph;

/**
 * What LOW_PH remembers of one animal with a pH bolus; animals without one carry none.
 *
 * <p>{@code hour} holds two numbers: the hourly bucket of her latest pH reading in its low 48 bits
 * ({@link #bucket()}), and in its high 16 the seconds she was heard from since that reading on
 * readings without a pH ({@link #heardSeconds()}). They share one field, not two, because the keyed
 * state per animal with a pH bolus is at its 1 KB goal ({@code StatePerAnimalTest}: 1,023 B before
 * this) and a field of its own would pass it; and because savepoints of earlier versions hold the
 * bucket alone there, its high bits 0: their cows restore as heard for no time, which is how
 * earlier versions counted her next pH reading. A bucket is an hour since 1970, far inside 47 bits.
 *
 * @param hour the hourly bucket of her latest pH reading and the seconds heard since, as above
 * @param lowMinutes minutes with pH below the threshold, per hour, newest-first (see {@link
 *     io.herdpulse.alerts.HourlyRing}); never modified once stored
 * @param lowSince epoch millis of the first low reading of the current episode, null when none
 * @param lowestPh the lowest pH of the current episode, meaningless when {@code lowSince} is null
 */
public record PhState(long hour, float[] lowMinutes, Long lowSince, double lowestPh) {
    private static final int BUCKET_BITS = 48;

    /** The most seconds {@link #heardSeconds()} can hold: 18 h 12 min. */
    static final int MOST_HEARD_SECONDS = (1 << (Long.SIZE - BUCKET_BITS)) - 1;

    static final PhState EMPTY = new PhState(0, new float[0], null, 0);

    /** A state whose latest pH reading fell in {@code bucket}, heard from for no time since. */
    static PhState of(long bucket, float[] lowMinutes, Long lowSince, double lowestPh) {
        return new PhState(bucket & ((1L << BUCKET_BITS) - 1), lowMinutes, lowSince, lowestPh);
    }

    /** The hourly bucket of her latest pH reading. */
    long bucket() {
        return (hour << (Long.SIZE - BUCKET_BITS)) >> (Long.SIZE - BUCKET_BITS);
    }

    /**
     * Seconds she was heard from since her latest pH reading, on readings without one: seconds, as
     * a sensor interval may be (minutes rounded each reading counted 30 s readings as a minute and
     * 20 s ones as none; review, 2026-12-06).
     */
    int heardSeconds() {
        return (int) (hour >>> BUCKET_BITS);
    }

    /** The same state, heard from for {@code seconds} since her latest pH reading. */
    PhState heardFor(long seconds) {
        long heard = Math.max(0, Math.min(seconds, MOST_HEARD_SECONDS));
        long bucketBits = hour & ((1L << BUCKET_BITS) - 1);
        return new PhState(heard << BUCKET_BITS | bucketBits, lowMinutes, lowSince, lowestPh);
    }
}
