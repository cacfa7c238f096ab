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
 * <p>A low reading adds the sensor interval before it to the low time, or the time since the
 * animal's previous reading if that is shorter: the pH of readings lost or not sent is not known.
 * (Until 2026-12-06 a reading stood for the whole gap before it, up to the silence span: at {@code
 * --sensor-interval PT1H} that span is as long as {@code --low-ph-duration}, and one low reading
 * after a silence raised the alert alone.) The episode starts at its first low reading and is over
 * when the alert ends or no low time is left in the window.
 */
public final class PhRule implements AlertRule<PhState> {
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final double MINUTE = Duration.ofMinutes(1).toMillis();

    private final PhThresholds thresholds;
    private final long intervalMillis;
    private final int hourlyBuckets;
    private final int windowHours;

    public PhRule(PhThresholds thresholds, Duration sensorInterval) {
        this.thresholds = thresholds;
        this.intervalMillis = sensorInterval.toMillis();
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
                        : Math.max(0, Math.min(at - previousAt, intervalMillis));
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
