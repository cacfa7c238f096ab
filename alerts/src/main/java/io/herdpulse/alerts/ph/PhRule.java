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
 * <p>A low reading adds to the low time the time she was heard from since her previous pH reading:
 * each of her readings since then, with a pH or without, stands for the sensor interval before it,
 * or the time since her previous reading if that is shorter, and the sum for no more than {@code
 * --ph-interval} (or the sensor interval if that is longer). Many boluses sample pH less often than
 * temperature: at hourly pH with temperature every 10 minutes each pH reading stands for its hour.
 * Counting only the time since her previous reading of any kind (as until 2026-12-06) gave such a
 * reading 10 minutes, and a cow 5 hours a day below 5.8 was never alerted. Readings lost count for
 * nothing, their pH not being known, and the cap, shorter than {@code --low-ph-duration}, keeps one
 * reading from raising the alert alone after her pH stayed away: earlier on 2026-12-06 a reading
 * stood for the whole gap before it, up to the silence span, which at {@code --sensor-interval
 * PT1H} is as long as {@code --low-ph-duration}. The cap is an option rather than her pH spacing as
 * observed: that spacing is irregular when pH is missing at random, and after two lost stretches it
 * would be a lost stretch itself. The episode starts at its first low reading and is over when the
 * alert ends or no low time is left in the window.
 */
public final class PhRule implements AlertRule<PhState> {
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final double MINUTE = Duration.ofMinutes(1).toMillis();
    private static final long SECOND = Duration.ofSeconds(1).toMillis();

    private final PhThresholds thresholds;
    private final long intervalMillis;
    private final long mostCoveredMillis;
    private final int hourlyBuckets;
    private final int windowHours;

    public PhRule(PhThresholds thresholds, Duration sensorInterval) {
        this.thresholds = thresholds;
        this.intervalMillis = sensorInterval.toMillis();
        this.mostCoveredMillis = Math.max(intervalMillis, thresholds.phInterval().toMillis());
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

    /**
     * A reading without a pH adds the time it stands for to the time she was heard from since her
     * latest pH reading, and ends an open LOW_PH whose low time left the window; animals without a
     * pH bolus carry no state.
     */
    @Override
    public PhState onReading(PhState before, Reading reading, LastSeen previous, AlertLog log) {
        long at = reading.timestamp().toEpochMilli();
        Long previousAt = previous == null ? null : previous.lastReadingAt();
        long sincePrevious =
                previousAt == null ? 0 : Math.max(0, Math.min(at - previousAt, intervalMillis));
        if (reading.rumenPh() == null) {
            if (before == null) {
                return null;
            }
            // Kept no higher than the cap, so the time cannot pile up while pH stays away.
            PhState heard =
                    before.heardFor(
                            Math.min(
                                    before.heardSeconds() + sincePrevious / SECOND,
                                    mostCoveredMillis / SECOND));
            return log.isActive(AlertKind.LOW_PH) ? endedOnceOver(heard, reading, log) : heard;
        }
        PhState state = before == null ? PhState.EMPTY : before;
        double ph = reading.rumenPh();
        boolean low = ph < thresholds.lowPh();

        // Her first reading counts one interval: when her bolus began to send pH is not known.
        long covered =
                previousAt == null
                        ? intervalMillis
                        : Math.min(
                                state.heardSeconds() * SECOND + sincePrevious, mostCoveredMillis);
        long readingHour = HourlyRing.bucketOf(at, HOUR);
        // An older reading (never given by the detector) counts in its own bucket.
        long hour = Math.max(readingHour, state.bucket());
        float[] lowMinutes =
                HourlyRing.advanceAndAdd(
                        state.lowMinutes(),
                        readingHour - state.bucket(),
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
        return PhState.of(hour, lowMinutes, lowSince, lowSince == null ? 0 : lowestPh);
    }

    /**
     * An open LOW_PH ends once too little low time is left in the window, though her pH stopped
     * while her other readings go on: only a pH reading looked at the window, so a bolus whose pH
     * sensor failed mid-episode kept it open for good (found by review, 2026-12-06).
     */
    private PhState endedOnceOver(PhState state, Reading reading, AlertLog log) {
        long at = reading.timestamp().toEpochMilli();
        long readingHour = HourlyRing.bucketOf(at, HOUR);
        long hour = Math.max(readingHour, state.bucket());
        float[] lowMinutes =
                HourlyRing.advanceAndAdd(
                        state.lowMinutes(), readingHour - state.bucket(), hourlyBuckets, 0);
        double lowInWindow =
                HourlyRing.window(lowMinutes, windowHours, HourlyRing.elapsed(at, hour, HOUR));
        if (lowInWindow >= thresholds.lowPhEndDuration().toMinutes()) {
            return state;
        }
        log.end(
                AlertKind.LOW_PH,
                reading.timestamp(),
                details(lowInWindow, state.lowestPh(), null));
        return PhState.of(hour, lowMinutes, null, 0).heardFor(state.heardSeconds());
    }

    /** {@code ph}: the reading's, null for a reading without one. */
    private ObjectNode details(double lowMinutes, double lowestPh, Double ph) {
        ObjectNode details = Details.object();
        details.put("lowPhMinutesInWindow", round(lowMinutes));
        details.put("window", thresholds.lowPhWindow().toString());
        details.put("lowestPh", round(lowestPh));
        if (ph != null) {
            details.put("latestPh", round(ph));
        }
        return details;
    }
}
