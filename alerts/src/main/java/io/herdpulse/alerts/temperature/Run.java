package io.herdpulse.alerts.temperature;

/**
 * A run of consecutive readings that meet a condition: non-drinking ones, and for HYPOTHERMIA the
 * drinking readings {@link TemperatureRule} lets carry it on.
 *
 * @param length how many readings so far, 0 when none
 * @param since epoch millis of the run's first reading, meaningless when {@code length} is 0
 */
public record Run(int length, long since) {
    public static final Run NONE = new Run(0, 0);

    /** The run after one more reading: longer if the reading meets the condition, else broken. */
    Run next(boolean holds, long at) {
        if (!holds) {
            return NONE;
        }
        return new Run(length + 1, length == 0 ? at : since);
    }
}
