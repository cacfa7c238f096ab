package io.herdpulse.job.sink;

import io.herdpulse.job.validation.Rejected;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/**
 * {@code rejected_readings}: insert-or-ignore on the record's position, so a record replayed after
 * a restart keeps its first row.
 */
public final class RejectedInsert implements JdbcStatementBuilder<Rejected> {
    private static final long serialVersionUID = 1L;

    static final String SQL =
            """
            INSERT INTO herdpulse.rejected_readings (source_topic, source_partition, source_offset,
                reason, detail, raw_payload, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (source_topic, source_partition, source_offset) DO NOTHING
            """;

    @Override
    public void accept(PreparedStatement statement, Rejected row) throws SQLException {
        statement.setString(1, row.position().topic());
        statement.setInt(2, row.position().partition());
        statement.setLong(3, row.position().offset());
        statement.setString(4, row.reason().name());
        statement.setString(5, row.detail());
        statement.setBytes(6, row.payload());
        Parameters.timestamp(statement, 7, row.receivedAt());
    }
}
