package io.herdpulse.alerts.silence;

/**
 * When an animal last reported, and when SENSOR_SILENT next looks at her.
 *
 * @param farmId the farm of her latest reading
 * @param lastReadingAt epoch millis of her latest reading
 * @param checkAt epoch millis of the next look; {@link Long#MAX_VALUE} while the alert is open
 */
public record SilenceState(String farmId, long lastReadingAt, long checkAt) {}
