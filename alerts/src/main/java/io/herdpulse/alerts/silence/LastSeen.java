package io.herdpulse.alerts.silence;

/**
 * When an animal last reported, and when the detector next looks at her without a reading: the
 * detector's own per-animal state (see {@link io.herdpulse.alerts.EventTimeOrder}). Its name and
 * package are those of earlier versions, so savepoints keep it.
 *
 * @param farmId the farm of the animal's latest reading, for alerts raised without a reading
 * @param lastReadingAt epoch millis of the animal's latest reading processed
 * @param wakeAt epoch millis of the animal's one pending wake-up timer
 */
public record LastSeen(String farmId, long lastReadingAt, long wakeAt) {}
