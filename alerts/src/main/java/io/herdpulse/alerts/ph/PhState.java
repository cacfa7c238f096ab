package io.herdpulse.alerts.ph;

/**
 * What LOW_PH remembers of one animal with a pH bolus; animals without one carry none.
 *
 * @param hour the hourly bucket of the latest pH reading
 * @param lowMinutes minutes with pH below the threshold, per hour, newest-first (see {@link
 *     io.herdpulse.alerts.HourlyRing}); never modified once stored
 * @param lowSince epoch millis of the first low reading of the current episode, null when none
 * @param lowestPh the lowest pH of the current episode, meaningless when {@code lowSince} is null
 */
public record PhState(long hour, float[] lowMinutes, Long lowSince, double lowestPh) {

    static final PhState EMPTY = new PhState(0, new float[0], null, 0);
}
