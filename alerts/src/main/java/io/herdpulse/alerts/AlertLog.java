package io.herdpulse.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herdpulse.model.AlertKind;
import java.time.Instant;

/**
 * Where a rule reports that its condition starts or ends, for the animal being processed.
 *
 * <p>The log knows which alerts are open, so a condition that continues does not raise a second
 * alert and an end without a start is ignored.
 */
public interface AlertLog {

    boolean isActive(AlertKind kind);

    /**
     * @param value the measurement that triggered the alert, null if none applies
     * @param threshold what the value was compared with, null if none applies
     * @param details what a vet wants to see: the readings or baseline behind the alert
     */
    void start(
            AlertKind kind, Instant startedAt, Double value, Double threshold, ObjectNode details);

    /**
     * @param details why it ended; kept beside the start's details under {@code end}
     */
    void end(AlertKind kind, Instant endedAt, ObjectNode details);
}
