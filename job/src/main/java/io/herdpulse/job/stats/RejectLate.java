package io.herdpulse.job.stats;

import io.herdpulse.job.ingest.SourcedReading;
import io.herdpulse.job.validation.Rejected;
import io.herdpulse.model.validation.RejectReason;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Turns a reading too late for its window into its {@code rejected_readings} row. */
public final class RejectLate extends ProcessFunction<SourcedReading, Rejected> {
    private static final long serialVersionUID = 1L;

    private final Duration window;
    private final Duration allowedLateness;

    public RejectLate(Duration window, Duration allowedLateness) {
        this.window = window;
        this.allowedLateness = allowedLateness;
    }

    @Override
    public void processElement(SourcedReading reading, Context ctx, Collector<Rejected> out) {
        Instant timestamp = reading.reading().timestamp();
        Instant start =
                Instant.ofEpochMilli(
                        TimeWindow.getWindowStartWithOffset(
                                timestamp.toEpochMilli(), 0, window.toMillis()));
        out.collect(
                Rejected.of(
                        reading,
                        RejectReason.LATE,
                        "timestamp "
                                + timestamp
                                + " is in window ["
                                + start
                                + ", "
                                + start.plus(window)
                                + "), already closed (allowed lateness "
                                + allowedLateness
                                + ")",
                        Instant.ofEpochMilli(ctx.timerService().currentProcessingTime())));
    }
}
