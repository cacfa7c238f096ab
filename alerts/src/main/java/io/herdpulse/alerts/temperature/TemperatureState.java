package io.herdpulse.alerts.temperature;

/**
 * What the temperature rule remembers of one animal, about 100 bytes.
 *
 * @param recentC the latest non-drinking temperatures, oldest first, at most the median's length
 * @param previousC the previous reading's temperature, drinking or not; null before the first
 * @param previousAt epoch millis of the previous reading
 * @param fever the run towards FEVER, or towards its end while it is open
 * @param hypothermia the run towards HYPOTHERMIA, or towards its end while it is open
 * @param boutMedianC the median when the current drinking bout began; null outside a bout
 * @param lastDrinkAt epoch millis of the bout's latest drink (abrupt fall)
 * @param riseC in a bout, how much the previous reading rose on the one before it (0 after a drink)
 * @param stalled in a bout, whether the previous reading failed to rise
 * @param settled whether the median has been learnt: full and level (see {@link
 *     TemperatureRule#LEVEL_C}); until then readings only teach it
 */
public record TemperatureState(
        double[] recentC,
        Double previousC,
        long previousAt,
        Run fever,
        Run hypothermia,
        Double boutMedianC,
        long lastDrinkAt,
        double riseC,
        boolean stalled,
        boolean settled) {

    static final TemperatureState EMPTY =
            new TemperatureState(
                    new double[0], null, 0, Run.NONE, Run.NONE, null, 0, 0, false, false);

    boolean inBout() {
        return boutMedianC != null;
    }

    /** In a bout: the rumen re-warming, or stalled once (a small drink, or the end of it). */
    TemperatureState reWarming(double t, long at, boolean stall) {
        return new TemperatureState(
                recentC,
                t,
                at,
                fever,
                hypothermia,
                boutMedianC,
                lastDrinkAt,
                stall ? 0 : t - previousC,
                stall,
                settled);
    }

    /** A drink: the bout (begun now or earlier, at this median) goes on from this reading. */
    TemperatureState drink(double medianC, double t, long at) {
        return new TemperatureState(
                recentC, t, at, fever, hypothermia, medianC, at, 0, false, settled);
    }

    /** Learning the median afresh, keeping the runs of open alerts. */
    TemperatureState relearning() {
        return new TemperatureState(
                new double[0], previousC, previousAt, fever, hypothermia, null, 0, 0, false, false);
    }

    TemperatureState boutOver() {
        return new TemperatureState(
                recentC, previousC, previousAt, fever, hypothermia, null, 0, 0, false, settled);
    }
}
