package io.herdpulse.job.sink;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Binds the Java types of the rows to PostgreSQL parameters. */
final class Parameters {
    private Parameters() {}

    static void timestamp(PreparedStatement statement, int index, Instant instant)
            throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, utc(instant));
        }
    }

    /**
     * {@code OffsetDateTime.ofInstant(instant, ZoneOffset.UTC)} without asking the offset for its
     * ZoneRules, which Java 17 builds anew on every call (JFR: 5 % of the task writing the stats
     * rows).
     */
    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.of(
                LocalDateTime.ofEpochSecond(
                        instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC),
                ZoneOffset.UTC);
    }

    static void nullableDouble(PreparedStatement statement, int index, Double value)
            throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.DOUBLE);
        } else {
            statement.setDouble(index, value);
        }
    }
}
