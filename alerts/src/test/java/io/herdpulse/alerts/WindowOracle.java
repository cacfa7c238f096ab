package io.herdpulse.alerts;

import io.herdpulse.model.Reading;
import java.time.Duration;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The test's own reading of the windowed rules, over raw readings: sums over {@code (t - span, t]}
 * and the daily mean over the complete UTC days before the reading's day. A reading covers the
 * interval before its timestamp, so one at midnight belongs to the day that ends there.
 */
final class WindowOracle {
    private static final long DAY = Duration.ofDays(1).toMillis();

    private final List<Reading> readings;

    WindowOracle(List<Reading> readings) {
        this.readings = readings;
    }

    double windowSum(int index, Duration span, ToDoubleFunction<Reading> measure) {
        long end = millis(index);
        double sum = 0;
        for (int j = index; j >= 0 && millis(j) > end - span.toMillis(); j--) {
            sum += measure.applyAsDouble(readings.get(j));
        }
        return sum;
    }

    /** Days of history before the reading's day with at least half a day's readings (72). */
    int historyDays(int index, int baselineDays) {
        int days = 0;
        for (int back = 1; back <= baselineDays; back++) {
            if (readingsOfDay(day(index) - back) >= 72) {
                days++;
            }
        }
        return days;
    }

    /** The mean daily total over those days. */
    double dailyMean(int index, int baselineDays, ToDoubleFunction<Reading> measure) {
        double total = 0;
        int days = 0;
        for (int back = 1; back <= baselineDays; back++) {
            long d = day(index) - back;
            if (readingsOfDay(d) >= 72) {
                days++;
                for (Reading r : readings) {
                    if (dayOf(r) == d) {
                        total += measure.applyAsDouble(r);
                    }
                }
            }
        }
        return total / days;
    }

    private long readingsOfDay(long day) {
        return readings.stream().filter(r -> dayOf(r) == day).count();
    }

    private long day(int index) {
        return dayOf(readings.get(index));
    }

    private static long dayOf(Reading r) {
        return Math.floorDiv(r.timestamp().toEpochMilli() - 1, DAY);
    }

    private long millis(int index) {
        return readings.get(index).timestamp().toEpochMilli();
    }
}
