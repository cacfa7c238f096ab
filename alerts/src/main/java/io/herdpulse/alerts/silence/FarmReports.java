package io.herdpulse.alerts.silence;

import io.herdpulse.alerts.Arrival;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Each farm's reports, for the {@link FarmClock} of every parallel instance of the alert rules (the
 * job broadcasts them). Readings are keyed by animal, so an instance sees only its share of a
 * farm's cows: a clock made of that share judged a silent cow's farm quiet or not by where the
 * other cows' keys fell, so the same data alerted other cows at another parallelism (a rescaled
 * drill wrote an alert the failure-free run did not).
 *
 * <p>Only readings ahead of their partition's watermark count: a late one may reach an instance
 * before a poll that needs it or after, by timing, while a report sent ahead of the watermark
 * reaches every instance before Flink's watermark can pass it (the job keeps this stream from ever
 * being idle to the rules, so no instance's watermark runs ahead of another's reports). Not so for
 * a partition left out of Flink's watermark while idle, or one added while the job runs, until it
 * has caught up: its readings can be behind Flink's watermark though ahead of their own.
 */
public final class FarmReports extends RichFlatMapFunction<Arrival, FarmReport> {
    private static final long serialVersionUID = 1L;

    /**
     * Farm minutes recently sent. Sending one again is harmless (a clock takes it once): this only
     * keeps the broadcast to about one report per farm and minute, also while a backlog brings a
     * farm's minutes from several partitions interleaved, and a stream of new farm ids from growing
     * the memory.
     */
    private static final int REMEMBERED_MINUTES = 16_384;

    private record FarmMinute(String farmId, long minute) {}

    private transient Map<FarmMinute, Boolean> recentlySent;

    @Override
    public void open(OpenContext context) {
        recentlySent =
                new LinkedHashMap<>(REMEMBERED_MINUTES, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<FarmMinute, Boolean> eldest) {
                        return size() > REMEMBERED_MINUTES;
                    }
                };
    }

    @Override
    public void flatMap(Arrival arrival, Collector<FarmReport> out) {
        long at = arrival.reading().timestamp().toEpochMilli();
        if (at <= arrival.partitionWatermark()) {
            return;
        }
        String farm = arrival.reading().farmId();
        if (recentlySent.put(new FarmMinute(farm, FarmClock.minuteOf(at)), Boolean.TRUE) == null) {
            out.collect(new FarmReport(farm, at));
        }
    }
}
