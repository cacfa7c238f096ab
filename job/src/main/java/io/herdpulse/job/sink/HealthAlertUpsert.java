package io.herdpulse.job.sink;

import io.herdpulse.model.HealthAlert;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * {@code health_alerts}: an alert is written when it starts and again when it ends, under the same
 * id. The first {@code detected_at} stays; the end's values replace the start's; and a start
 * replayed after its end (a restart) changes nothing, so an ended alert never reopens.
 */
public final class HealthAlertUpsert implements Upsert<HealthAlert> {
    private static final long serialVersionUID = 1L;

    static final String SQL =
            """
            INSERT INTO herdpulse.health_alerts AS alert (alert_id, animal_id, farm_id, kind,
                severity, started_at, ended_at, value, threshold, details, detected_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
            ON CONFLICT (alert_id) DO UPDATE SET
                severity = EXCLUDED.severity, ended_at = EXCLUDED.ended_at,
                value = EXCLUDED.value, threshold = EXCLUDED.threshold, details = EXCLUDED.details
            WHERE alert.ended_at IS NULL OR EXCLUDED.ended_at IS NOT NULL
            """;
    private static final String NO_DETAILS = "{}";

    @Override
    public String sql() {
        return SQL;
    }

    @Override
    public void bind(PreparedStatement statement, HealthAlert row) throws SQLException {
        statement.setString(1, row.alertId());
        statement.setString(2, row.animalId());
        statement.setString(3, row.farmId());
        statement.setString(4, row.kind().name());
        statement.setString(5, row.severity().name());
        Parameters.timestamp(statement, 6, row.startedAt());
        Parameters.timestamp(statement, 7, row.endedAt());
        Parameters.nullableDouble(statement, 8, row.value());
        Parameters.nullableDouble(statement, 9, row.threshold());
        statement.setString(10, row.detailsJson() == null ? NO_DETAILS : row.detailsJson());
        Parameters.timestamp(statement, 11, row.detectedAt());
    }

    @Override
    public String key(HealthAlert row) {
        return row.alertId();
    }

    @Override
    public HealthAlert combine(HealthAlert older, HealthAlert newer) {
        if (older.endedAt() != null && newer.endedAt() == null) {
            return older;
        }
        return new HealthAlert(
                newer.alertId(),
                newer.animalId(),
                newer.farmId(),
                newer.kind(),
                newer.severity(),
                newer.startedAt(),
                newer.endedAt(),
                newer.value(),
                newer.threshold(),
                newer.detailsJson(),
                older.detectedAt());
    }
}
