package io.herdpulse.job.stats;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Collects the latest totals of each animal of a farm's window. */
public final class FarmAggregate
        implements AggregateFunction<AnimalStats, FarmAnimals, FarmAnimals> {
    private static final long serialVersionUID = 1L;

    @Override
    public FarmAnimals createAccumulator() {
        return FarmAnimals.empty();
    }

    @Override
    public FarmAnimals add(AnimalStats stats, FarmAnimals animals) {
        return animals.with(stats);
    }

    @Override
    public FarmAnimals getResult(FarmAnimals animals) {
        return animals;
    }

    @Override
    public FarmAnimals merge(FarmAnimals a, FarmAnimals b) {
        return a.merge(b);
    }
}
