package io.herdpulse.alerts.temperature;

/**
 * What the temperature rule remembers of one animal, about 100 bytes (floats where a sensor's 0.01
 * °C is all there is to keep).
 *
 * @param recentC the latest non-drinking temperatures, oldest first, at most the median's length
 * @param previousC the previous reading's temperature, drinking or not; NaN before the first
 * @param fever the run towards FEVER, or towards its end while it is open
 * @param hypothermia the run towards HYPOTHERMIA, or towards its end while it is open
 * @param boutMedianC the median when the current drinking bout began; null outside a bout
 * @param lastDrinkAt epoch millis of her latest drink (abrupt fall), kept after the bout: FEVER
 *     leaves out readings still rising within the re-warming time after it; 0 for none
 * @param riseC in a bout, how much the previous reading rose on the one before it, per sensor
 *     interval (readings may have been lost in between): 0 after a drink, {@link #STALLED} after a
 *     reading that did not rise, {@link #STEADY} or {@link #LEVELLED} after one that neither rose
 *     nor fell (see {@link TemperatureRule})
 * @param riseBeforeC in a bout, after a reading that rose, the {@code riseC} that reading found:
 *     how much the reading before it rose (a re-warming decelerates, a drink hidden in a rise
 *     breaks that); after one that did not ({@code riseC} a marker), how far that reading moved
 *     (her level hovers within the sensor's noise); 0 if none
 * @param settled whether the median has been learnt: full and level (see {@link
 *     TemperatureThresholds#medianSpreadC()}); until then readings only teach it
 * @param tailC the most a re-warming going on when she drank could still climb: outside a bout, one
 *     going on at the previous reading (0 if that reading did not rise as a re-warming does); in a
 *     bout, one going on at its latest drink ({@link #UNKNOWN} if its rise was not seen)
 */
public record TemperatureState(
        double[] recentC,
        float previousC,
        Run fever,
        Run hypothermia,
        Double boutMedianC,
        long lastDrinkAt,
        float riseC,
        float riseBeforeC,
        boolean settled,
        float tailC) {

    static final float STALLED = -1;

    /** A stall that showed her level: neither rising nor falling, after a small rise. */
    static final float LEVELLED = -2;

    /** A stall that neither rose nor fell, after a rise: her level if the next one stalls too. */
    static final float STEADY = -3;

    /** A re-warming whose rise was not seen: straight after a drink, or after a stall. */
    static final float UNKNOWN = Float.POSITIVE_INFINITY;

    static final TemperatureState EMPTY =
            new TemperatureState(
                    new double[0], Float.NaN, Run.NONE, Run.NONE, null, 0, 0, 0, false, 0);

    /**
     * A reading outside a drinking bout, neither rising nor stalled after one.
     *
     * @param tail the most a re-warming going on at this reading could still climb
     */
    static TemperatureState outsideBout(
            double[] recentC,
            double t,
            Run fever,
            Run hypothermia,
            long lastDrinkAt,
            boolean settled,
            double tail) {
        return new TemperatureState(
                recentC,
                (float) t,
                fever,
                hypothermia,
                null,
                lastDrinkAt,
                0,
                0,
                settled,
                (float) tail);
    }

    boolean inBout() {
        return boutMedianC != null;
    }

    boolean hasPrevious() {
        return !Float.isNaN(previousC);
    }

    boolean stalled() {
        return riseC == STALLED || riseC == LEVELLED || riseC == STEADY;
    }

    boolean levelled() {
        return riseC == LEVELLED;
    }

    boolean steadyStall() {
        return riseC == LEVELLED || riseC == STEADY;
    }

    /**
     * In a bout: the rumen re-warming, or stalled once (a small drink, or the end of it), the stall
     * perhaps showing her level.
     */
    TemperatureState reWarming(
            double t, double risePerInterval, boolean stall, boolean steady, boolean level) {
        float moved = (float) risePerInterval;
        float rise = level ? LEVELLED : steady ? STEADY : stall ? STALLED : moved;
        return new TemperatureState(
                recentC,
                (float) t,
                fever,
                hypothermia,
                boutMedianC,
                lastDrinkAt,
                rise,
                stall ? moved : riseC,
                settled,
                tailC);
    }

    /**
     * A drink: the bout (begun now or earlier, at this median) goes on from this reading.
     *
     * @param tail the most a re-warming going on before it could still climb
     */
    TemperatureState drink(double medianC, double t, long at, double tail) {
        return new TemperatureState(
                recentC, (float) t, fever, hypothermia, medianC, at, 0, 0, settled, (float) tail);
    }

    TemperatureState withRecent(double[] recent) {
        return new TemperatureState(
                recent,
                previousC,
                fever,
                hypothermia,
                boutMedianC,
                lastDrinkAt,
                riseC,
                riseBeforeC,
                settled,
                tailC);
    }

    TemperatureState withHypothermia(Run run) {
        return new TemperatureState(
                recentC,
                previousC,
                fever,
                run,
                boutMedianC,
                lastDrinkAt,
                riseC,
                riseBeforeC,
                settled,
                tailC);
    }

    /** Learning the median afresh, keeping the runs of open alerts. */
    TemperatureState relearning() {
        return new TemperatureState(
                new double[0], previousC, fever, hypothermia, null, 0, 0, 0, false, 0);
    }

    /** The bout is over; her latest drink is remembered (see {@link #lastDrinkAt}). */
    TemperatureState boutOver() {
        return new TemperatureState(
                recentC, previousC, fever, hypothermia, null, lastDrinkAt, 0, 0, settled, 0);
    }
}
