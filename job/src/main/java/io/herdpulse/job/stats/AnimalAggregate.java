package io.herdpulse.job.stats;

import io.herdpulse.model.Reading;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Adds each reading of an animal's window to its totals as it arrives. */
public final class AnimalAggregate
        implements AggregateFunction<Reading, AnimalTotals, AnimalTotals> {
    private static final long serialVersionUID = 1L;

    @Override
    public AnimalTotals createAccumulator() {
        return AnimalTotals.EMPTY;
    }

    @Override
    public AnimalTotals add(Reading reading, AnimalTotals totals) {
        return totals.add(reading);
    }

    @Override
    public AnimalTotals getResult(AnimalTotals totals) {
        return totals;
    }

    @Override
    public AnimalTotals merge(AnimalTotals a, AnimalTotals b) {
        return a.merge(b);
    }
}
