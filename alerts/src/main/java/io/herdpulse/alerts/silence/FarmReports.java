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
 * reaches every instance before Flink's watermark can pass it.
 */
public final class FarmReports extends RichFlatMapFunction<Arrival, FarmReport> {
    private static final long serialVersionUID = 1L;

    /**
     * Farms whose minute last sent is remembered. Sending a minute again is harmless (a clock takes
     * it once): this only keeps the broadcast to about one report per farm and minute, and a stream
     * of new farm ids from growing the memory.
     */
    private static final int REMEMBERED_FARMS = 10_000;

    private transient Map<String, Long> lastSentMinute;

    @Override
    public void open(OpenContext context) {
        lastSentMinute =
                new LinkedHashMap<>() {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                        return size() > REMEMBERED_FARMS;
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
        Long minute = FarmClock.minuteOf(at);
        if (!minute.equals(lastSentMinute.put(farm, minute))) {
            out.collect(new FarmReport(farm, at));
        }
    }
}
