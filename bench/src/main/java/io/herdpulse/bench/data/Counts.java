package io.herdpulse.bench.data;

import io.herdpulse.bench.stack.BenchDatabase;
import io.herdpulse.stack.StackException;
import java.time.Duration;

/**
 * The rows a run left in its database, each checked against what its {@link DataSet} makes: a run
 * that lost or doubled readings is not a measurement. Null where a run writes no such rows.
 *
 * @param readingsInStats {@code sum(readings)} of {@code animal_health_stats}
 * @param animalRows rows of {@code animal_health_stats}
 * @param rejectedRows rows of {@code rejected_readings} (the SQL version keeps none)
 */
public record Counts(Long readingsInStats, Long animalRows, Long rejectedRows) {

    public static Counts none() {
        return new Counts(null, null, null);
    }

    /** Counts the rows and fails unless they are exactly what the data set makes. */
    public static Counts of(
            BenchDatabase database, DataSet data, Duration window, boolean withRejects) {
        long readings = database.count("SELECT sum(readings) FROM herdpulse.animal_health_stats");
        long rows = database.count("SELECT count(*) FROM herdpulse.animal_health_stats");
        long farmReadings = database.count("SELECT sum(readings) FROM herdpulse.farm_health_stats");
        if (readings != data.readings() && withRejects) {
            // A reading missing from the stats was most likely rejected: say which way.
            throw new StackException(
                    "readings in animal_health_stats: "
                            + readings
                            + ", but the data set makes "
                            + data.readings()
                            + "; rejected_readings has "
                            + rejected(database, "LATE")
                            + " LATE and "
                            + rejected(database, "DUPLICATE")
                            + " DUPLICATE rows (the data set makes 0 LATE and "
                            + data.duplicates()
                            + " DUPLICATE)");
        }
        require("readings in animal_health_stats", data.readings(), readings);
        require("rows of animal_health_stats", data.animalRows(window), rows);
        require("readings in farm_health_stats", data.readings(), farmReadings);
        Long rejected = null;
        if (withRejects) {
            rejected = database.count("SELECT count(*) FROM herdpulse.rejected_readings");
            require("rows of rejected_readings", data.badMessages() + data.duplicates(), rejected);
        }
        return new Counts(readings, rows, rejected);
    }

    private static long rejected(BenchDatabase database, String reason) {
        return database.count(
                "SELECT count(*) FROM herdpulse.rejected_readings WHERE reason = '" + reason + "'");
    }

    public static void require(String what, long expected, long actual) {
        if (expected != actual) {
            throw new StackException(what + ": " + actual + ", but the data set makes " + expected);
        }
    }

    @Override
    public String toString() {
        return readingsInStats == null
                ? "rows not counted (nothing written)"
                : "rows exact: "
                        + readingsInStats
                        + " readings in "
                        + animalRows
                        + " animal rows"
                        + (rejectedRows == null ? "" : ", " + rejectedRows + " rejects");
    }
}
