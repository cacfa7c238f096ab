package io.herdpulse.alerts.ph;

import static io.herdpulse.alerts.Details.round;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herdpulse.alerts.AlertLog;
import io.herdpulse.alerts.AlertRule;
import io.herdpulse.alerts.Details;
import io.herdpulse.alerts.HourlyRing;
import io.herdpulse.alerts.silence.LastSeen;
import io.herdpulse.model.AlertKind;
import io.herdpulse.model.Reading;
import java.time.Duration;
import java.time.Instant;

/**
 * LOW_PH (risk of subacute ruminal acidosis): pH below the threshold for long enough within the
 * window.
 *
 * <p>A reading describes the interval since the animal's previous reading (one sensor interval for
 * its first), so a low reading adds that interval to the low time; a gap longer than the silence
 * span adds only the silence span, as nobody knows the pH while the bolus was silent. The low
 * reading that starts an episode adds one sensor interval at most: when in the gap before it the pH
 * fell is not known, and crediting the whole gap let one reading after a silence as long as {@code
 * --low-ph-duration} raise the alert alone (at {@code --sensor-interval PT1H} the default silence
 * span is 3 h, the default duration too). The episode starts at its first low reading and is over
 * when the alert ends or no low time is left in the window.
 */
public final class PhRule implements AlertRule<PhState> {
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final double MINUTE = Duration.ofMinutes(1).toMillis();

    private final PhThresholds thresholds;
    private final long intervalMillis;
    private final long silentSpanMillis;
    private final int hourlyBuckets;
    private final int windowHours;

    /**
     * @param silentSpan the longest gap between readings that counts whole
     */
    public PhRule(PhThresholds thresholds, Duration sensorInterval, Duration silentSpan) {
        this.thresholds = thresholds;
        this.intervalMillis = sensorInterval.toMillis();
        this.silentSpanMillis = silentSpan.toMillis();
        this.windowHours = (int) thresholds.lowPhWindow().toHours();
        this.hourlyBuckets = windowHours + 1;
    }

    @Override
    public String stateName() {
        return "ph";
    }

    @Override
    public Class<PhState> stateType() {
        return PhState.class;
    }

    /** Readings without a pH leave the state as it is: animals without a pH bolus carry none. */
    @Override
    public PhState onReading(PhState before, Reading reading, LastSeen previous, AlertLog log) {
        if (reading.rumenPh() == null) {
            return before;
        }
        PhState state = before == null ? PhState.EMPTY : before;
        Long previousAt = previous == null ? null : previous.lastReadingAt();
        double ph = reading.rumenPh();
        long at = reading.timestamp().toEpochMilli();
        boolean low = ph < thresholds.lowPh();

        long covered =
                previousAt == null
                        ? intervalMillis
                        : Math.max(
                                0,
                                Math.min(
                                        at - previousAt,
                                        state.lowSince() == null
                                                ? intervalMillis
                                                : silentSpanMillis));
        long readingHour = HourlyRing.bucketOf(at, HOUR);
        // An older reading (never given by the detector) counts in its own bucket.
        long hour = Math.max(readingHour, state.hour());
        float[] lowMinutes =
                HourlyRing.advanceAndAdd(
                        state.lowMinutes(),
                        readingHour - state.hour(),
                        hourlyBuckets,
                        low ? covered / MINUTE : 0);
        double lowInWindow =
                HourlyRing.window(lowMinutes, windowHours, HourlyRing.elapsed(at, hour, HOUR));

        Long lowSince = state.lowSince();
        double lowestPh = state.lowestPh();
        if (low) {
            lowestPh = lowSince == null ? ph : Math.min(lowestPh, ph);
            lowSince = lowSince == null ? at : lowSince;
        } else if (lowInWindow <= 0) {
            lowSince = null;
        }

        boolean open = log.isActive(AlertKind.LOW_PH);
        if (!open && lowSince != null && lowInWindow >= thresholds.lowPhDuration().toMinutes()) {
            log.start(
                    AlertKind.LOW_PH,
                    Instant.ofEpochMilli(lowSince),
                    round(lowInWindow / 60.0),
                    thresholds.lowPhDuration().toMinutes() / 60.0,
                    details(lowInWindow, lowestPh, ph));
        } else if (open && lowInWindow < thresholds.lowPhEndDuration().toMinutes()) {
            log.end(AlertKind.LOW_PH, reading.timestamp(), details(lowInWindow, lowestPh, ph));
            lowSince = null;
        }
        return new PhState(hour, lowMinutes, lowSince, lowSince == null ? 0 : lowestPh);
    }

    private ObjectNode details(double lowMinutes, double lowestPh, double ph) {
        ObjectNode details = Details.object();
        details.put("lowPhMinutesInWindow", round(lowMinutes));
        details.put("window", thresholds.lowPhWindow().toString());
        details.put("lowestPh", round(lowestPh));
        details.put("latestPh", round(ph));
        return details;
    }
}
