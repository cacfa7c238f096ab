package io.herdpulse.alerts.baseline;

/**
 * One animal's rumination and activity, aggregated per hour for the rolling windows and per UTC day
 * for the baseline: a few hundred bytes instead of a week of raw readings. Arrays are newest-first
 * (see {@link io.herdpulse.alerts.HourlyRing}) and never modified once stored.
 *
 * @param hour the hourly bucket of the latest reading
 * @param day the daily bucket of the latest reading
 */
public record BaselineState(
        long hour,
        float[] hourRumination,
        float[] hourActivity,
        float[] hourReadings,
        long day,
        float[] dayRumination,
        float[] dayActivity,
        float[] dayReadings) {

    /** No readings yet: empty rings, so the first reading starts them afresh. */
    static final BaselineState EMPTY =
            new BaselineState(
                    0,
                    new float[0],
                    new float[0],
                    new float[0],
                    0,
                    new float[0],
                    new float[0],
                    new float[0]);
}
