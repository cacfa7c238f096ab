package io.herdpulse.producer.simulate;

/**
 * A quantity's pattern over the day: 24 hourly values, linearly interpolated and scaled to a mean
 * of 1, so multiplying a daily mean by it keeps the daily total. The farm's local time is taken to
 * be UTC.
 */
final class DailyProfile {
    private static final int HOURS = 24;
    private final double[] hourly;

    private DailyProfile(double[] hourly) {
        this.hourly = hourly;
    }

    static DailyProfile of(double... hourlyValues) {
        if (hourlyValues.length != HOURS) {
            throw new IllegalArgumentException("a daily profile needs 24 hourly values");
        }
        double mean = 0;
        for (double value : hourlyValues) {
            mean += value / HOURS;
        }
        double[] scaled = new double[HOURS];
        for (int hour = 0; hour < HOURS; hour++) {
            scaled[hour] = hourlyValues[hour] / mean;
        }
        return new DailyProfile(scaled);
    }

    /**
     * The factor at a time of day. A piecewise-linear periodic curve through the hourly values has
     * the same mean as those values, so the scaling above carries over.
     */
    double at(double hourOfDay) {
        int hour = (int) hourOfDay;
        double fraction = hourOfDay - hour;
        return hourly[hour % HOURS] * (1 - fraction) + hourly[(hour + 1) % HOURS] * fraction;
    }

    /** The hourly values as weights, for drawing a time of day. */
    double weight(int hour) {
        return hourly[hour];
    }
}
