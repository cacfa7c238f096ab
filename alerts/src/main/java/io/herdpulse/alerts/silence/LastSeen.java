package io.herdpulse.alerts.silence;

/**
 * When an animal last reported, and when the detector next looks at its silence.
 *
 * @param farmId the farm of the animal's latest reading, for alerts raised without a reading
 * @param lastReadingAt epoch millis of the animal's latest reading processed
 * @param wakeAt epoch millis of the animal's one pending silence timer
 */
public record LastSeen(String farmId, long lastReadingAt, long wakeAt) {}
