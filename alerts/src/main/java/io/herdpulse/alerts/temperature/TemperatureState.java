package io.herdpulse.alerts.temperature;

/**
 * What the temperature rules remember of one animal, about 100 bytes.
 *
 * @param recentC the latest non-drinking temperatures, oldest first, at most the median's length
 * @param fever the run towards FEVER, or towards its end while it is open
 * @param hypothermia the run towards HYPOTHERMIA, or towards its end while it is open
 * @param boutMedianC the median of the latest drinking bout, during it and for a median's length of
 *     readings after it; null otherwise
 * @param boutSince epoch millis of the bout's first reading, meaningless without a bout
 * @param afterBout non-drinking readings since the bout ended, 0 while it lasts
 * @param settled whether the median has been learnt: full, its readings level (see {@link
 *     TemperatureRules#LEVEL_C}); until then readings only teach it
 */
public record TemperatureState(
        double[] recentC,
        Run fever,
        Run hypothermia,
        Double boutMedianC,
        long boutSince,
        int afterBout,
        boolean settled) {

    static final TemperatureState EMPTY =
            new TemperatureState(new double[0], Run.NONE, Run.NONE, null, 0, 0, false);

    /** Learning the median afresh from one reading on, keeping the runs of open alerts. */
    TemperatureState relearning(double firstC) {
        return new TemperatureState(new double[] {firstC}, fever, hypothermia, null, 0, 0, false);
    }

    boolean inDrinkingBout() {
        return boutMedianC != null && afterBout == 0;
    }
}
