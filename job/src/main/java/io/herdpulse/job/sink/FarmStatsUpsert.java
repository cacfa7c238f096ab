package io.herdpulse.job.sink;

import io.herdpulse.job.stats.FarmStats;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** {@code farm_health_stats}: a window's row is replaced whenever the window fires again. */
public final class FarmStatsUpsert implements Upsert<FarmStats> {
    private static final long serialVersionUID = 1L;

    static final String SQL =
            """
            INSERT INTO herdpulse.farm_health_stats (farm_id, window_start, window_end, animals,
                readings, temp_avg, animals_with_fever, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, now())
            ON CONFLICT (farm_id, window_start) DO UPDATE SET
                window_end = EXCLUDED.window_end, animals = EXCLUDED.animals,
                readings = EXCLUDED.readings, temp_avg = EXCLUDED.temp_avg,
                animals_with_fever = EXCLUDED.animals_with_fever, updated_at = EXCLUDED.updated_at
            """;

    @Override
    public String sql() {
        return SQL;
    }

    @Override
    public void bind(PreparedStatement statement, FarmStats row) throws SQLException {
        statement.setString(1, row.farmId());
        Parameters.timestamp(statement, 2, row.windowStart());
        Parameters.timestamp(statement, 3, row.windowEnd());
        statement.setInt(4, row.animals());
        statement.setInt(5, row.readings());
        statement.setDouble(6, row.tempAvg());
        statement.setInt(7, row.animalsWithFever());
    }

    @Override
    public String key(FarmStats row) {
        return row.farmId() + "@" + row.windowStart().toEpochMilli();
    }
}
