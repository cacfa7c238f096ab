package io.herdpulse.job.stats;

import java.time.Instant;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Turns the animals of a farm's window into the farm's row. */
public final class FarmWindow
        extends ProcessWindowFunction<FarmAnimals, FarmStats, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    private final double feverThresholdC;

    public FarmWindow(double feverThresholdC) {
        this.feverThresholdC = feverThresholdC;
    }

    @Override
    public void process(
            String farmId,
            Context context,
            Iterable<FarmAnimals> elements,
            Collector<FarmStats> out) {
        TimeWindow window = context.window();
        out.collect(
                elements.iterator()
                        .next()
                        .row(
                                farmId,
                                Instant.ofEpochMilli(window.getStart()),
                                Instant.ofEpochMilli(window.getEnd()),
                                feverThresholdC));
    }
}
