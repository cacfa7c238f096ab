package io.herdpulse.job.stats;

import java.time.Instant;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Puts the window's bounds on an animal's totals. */
public final class AnimalWindow
        extends ProcessWindowFunction<AnimalTotals, AnimalStats, String, TimeWindow> {
    private static final long serialVersionUID = 1L;

    @Override
    public void process(
            String animalId,
            Context context,
            Iterable<AnimalTotals> totals,
            Collector<AnimalStats> out) {
        TimeWindow window = context.window();
        out.collect(
                new AnimalStats(
                        animalId,
                        Instant.ofEpochMilli(window.getStart()),
                        Instant.ofEpochMilli(window.getEnd()),
                        totals.iterator().next()));
    }
}
