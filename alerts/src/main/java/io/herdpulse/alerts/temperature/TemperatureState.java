package io.herdpulse.alerts.temperature;

/**
 * What the temperature rules remember of one animal, about 100 bytes.
 *
 * @param recentC the latest non-drinking temperatures, oldest first, at most the median's length
 * @param fever the run towards FEVER, or towards its end while it is open
 * @param hypothermia the run towards HYPOTHERMIA, or towards its end while it is open
 * @param drinkingMedianC the median the open drinking bout is measured against, null outside a bout
 * @param drinkingSince epoch millis of the bout's first reading, meaningless outside a bout
 */
public record TemperatureState(
        double[] recentC, Run fever, Run hypothermia, Double drinkingMedianC, long drinkingSince) {

    static final TemperatureState EMPTY =
            new TemperatureState(new double[0], Run.NONE, Run.NONE, null, 0);

    boolean inDrinkingBout() {
        return drinkingMedianC != null;
    }
}
