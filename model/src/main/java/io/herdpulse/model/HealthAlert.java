package io.herdpulse.model;

import java.time.Instant;

/**
 * One row of {@code health_alerts}: emitted when an alert starts and again, with {@code endedAt},
 * when it ends. Both emissions carry the same deterministic {@code alertId} (animal, kind, start),
 * so the upsert of the second completes the first and a replay converges to the same rows.
 *
 * @param endedAt null while the condition lasts
 * @param value the measurement that triggered the alert (°C, pH, a ratio to the baseline…), null if
 *     none applies
 * @param threshold the rule's threshold the value was compared with, null if none applies
 * @param detailsJson a JSON object with what a vet wants to see (the readings or baseline behind
 *     the alert)
 * @param detectedAt the job's clock when the alert (or its end) was detected
 */
public record HealthAlert(
        String alertId,
        String animalId,
        String farmId,
        AlertKind kind,
        Severity severity,
        Instant startedAt,
        Instant endedAt,
        Double value,
        Double threshold,
        String detailsJson,
        Instant detectedAt) {

    /** The deterministic id DESIGN.md asks for: the same condition always gets the same id. */
    public static String idFor(String animalId, AlertKind kind, Instant startedAt) {
        return animalId + "/" + kind + "/" + startedAt;
    }
}
