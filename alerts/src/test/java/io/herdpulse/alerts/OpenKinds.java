package io.herdpulse.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herdpulse.model.AlertKind;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/** An alert log that keeps only which kinds are open, as the detector's log decides it. */
public final class OpenKinds implements AlertLog {
    private final Set<AlertKind> open = EnumSet.noneOf(AlertKind.class);

    @Override
    public boolean isActive(AlertKind kind) {
        return open.contains(kind);
    }

    @Override
    public void start(
            AlertKind kind, Instant startedAt, Double value, Double threshold, ObjectNode details) {
        open.add(kind);
    }

    @Override
    public void end(AlertKind kind, Instant endedAt, ObjectNode details) {
        open.remove(kind);
    }
}
