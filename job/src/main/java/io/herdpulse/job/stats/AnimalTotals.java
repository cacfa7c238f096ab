package io.herdpulse.job.stats;

import io.herdpulse.model.Reading;

/**
 * The running totals of one animal's readings in one window: the accumulator of {@link
 * AnimalAggregate}, kept as sums so that farm averages can be derived exactly.
 *
 * @param farmId the farm of the animal's latest reading in the window (an animal may move)
 * @param latestMillis the event time of that reading
 * @param phMin {@code +Infinity} until a reading carries pH
 */
public record AnimalTotals(
        String farmId,
        long latestMillis,
        int readings,
        double tempSum,
        double tempMin,
        double tempMax,
        double activitySum,
        double ruminationSum,
        double waterSum,
        int phReadings,
        double phSum,
        double phMin) {

    public static final AnimalTotals EMPTY =
            new AnimalTotals(
                    null,
                    Long.MIN_VALUE,
                    0,
                    0,
                    Double.POSITIVE_INFINITY,
                    Double.NEGATIVE_INFINITY,
                    0,
                    0,
                    0,
                    0,
                    0,
                    Double.POSITIVE_INFINITY);

    public AnimalTotals add(Reading reading) {
        long time = reading.timestamp().toEpochMilli();
        boolean ph = reading.rumenPh() != null;
        return new AnimalTotals(
                latestFarm(farmId, latestMillis, reading.farmId(), time),
                Math.max(latestMillis, time),
                readings + 1,
                tempSum + reading.rumenTempC(),
                Math.min(tempMin, reading.rumenTempC()),
                Math.max(tempMax, reading.rumenTempC()),
                activitySum + reading.activity(),
                ruminationSum + reading.ruminationMin(),
                waterSum + (reading.waterIntakeL() == null ? 0 : reading.waterIntakeL()),
                phReadings + (ph ? 1 : 0),
                phSum + (ph ? reading.rumenPh() : 0),
                ph ? Math.min(phMin, reading.rumenPh()) : phMin);
    }

    public AnimalTotals merge(AnimalTotals other) {
        return new AnimalTotals(
                latestFarm(farmId, latestMillis, other.farmId, other.latestMillis),
                Math.max(latestMillis, other.latestMillis),
                readings + other.readings,
                tempSum + other.tempSum,
                Math.min(tempMin, other.tempMin),
                Math.max(tempMax, other.tempMax),
                activitySum + other.activitySum,
                ruminationSum + other.ruminationSum,
                waterSum + other.waterSum,
                phReadings + other.phReadings,
                phSum + other.phSum,
                Math.min(phMin, other.phMin));
    }

    /** Ties go to the greater farm id, so the result does not depend on arrival order. */
    private static String latestFarm(String farm, long time, String otherFarm, long otherTime) {
        if (farm == null || otherTime > time) {
            return otherFarm;
        }
        if (otherFarm == null || otherTime < time) {
            return farm;
        }
        return farm.compareTo(otherFarm) >= 0 ? farm : otherFarm;
    }

    public double tempAvg() {
        return tempSum / readings;
    }

    public double activityAvg() {
        return activitySum / readings;
    }

    /** Null when no reading of the window carried pH. */
    public Double phAvg() {
        return phReadings == 0 ? null : phSum / phReadings;
    }

    /** Null when no reading of the window carried pH. */
    public Double phMinimum() {
        return phReadings == 0 ? null : phMin;
    }
}
