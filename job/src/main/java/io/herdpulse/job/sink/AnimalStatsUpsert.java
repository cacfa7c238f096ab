package io.herdpulse.job.sink;

import io.herdpulse.job.stats.AnimalStats;
import io.herdpulse.job.stats.AnimalTotals;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** {@code animal_health_stats}: a window's row is replaced whenever the window fires again. */
public final class AnimalStatsUpsert implements Upsert<AnimalStats> {
    private static final long serialVersionUID = 1L;

    static final String SQL =
            """
            INSERT INTO herdpulse.animal_health_stats (animal_id, window_start, farm_id, window_end,
                readings, temp_avg, temp_min, temp_max, activity_avg, rumination_min, water_intake_l,
                ph_avg, ph_min, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
            ON CONFLICT (animal_id, window_start) DO UPDATE SET
                farm_id = EXCLUDED.farm_id, window_end = EXCLUDED.window_end,
                readings = EXCLUDED.readings, temp_avg = EXCLUDED.temp_avg,
                temp_min = EXCLUDED.temp_min, temp_max = EXCLUDED.temp_max,
                activity_avg = EXCLUDED.activity_avg, rumination_min = EXCLUDED.rumination_min,
                water_intake_l = EXCLUDED.water_intake_l, ph_avg = EXCLUDED.ph_avg,
                ph_min = EXCLUDED.ph_min, updated_at = EXCLUDED.updated_at
            """;

    @Override
    public String sql() {
        return SQL;
    }

    @Override
    public void bind(PreparedStatement statement, AnimalStats row) throws SQLException {
        AnimalTotals totals = row.totals();
        statement.setString(1, row.animalId());
        Parameters.timestamp(statement, 2, row.windowStart());
        statement.setString(3, totals.farmId());
        Parameters.timestamp(statement, 4, row.windowEnd());
        statement.setInt(5, totals.readings());
        statement.setDouble(6, totals.tempAvg());
        statement.setDouble(7, totals.tempMin());
        statement.setDouble(8, totals.tempMax());
        statement.setDouble(9, totals.activityAvg());
        statement.setDouble(10, totals.ruminationSum());
        statement.setDouble(11, totals.waterSum());
        Parameters.nullableDouble(statement, 12, totals.phAvg());
        Parameters.nullableDouble(statement, 13, totals.phMinimum());
    }

    @Override
    public String key(AnimalStats row) {
        return row.animalId() + "@" + row.windowStart().toEpochMilli();
    }
}
