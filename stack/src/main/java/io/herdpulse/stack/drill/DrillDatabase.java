package io.herdpulse.stack.drill;

import io.herdpulse.schema.Role;
import io.herdpulse.stack.StackException;
import io.herdpulse.stack.postgres.ConnectionTimeouts;
import io.herdpulse.stack.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A run's own database on the stack's PostgreSQL, migrated as the stack's is, so the job writes
 * there as the usual writer role and the user's rows are never touched.
 */
final class DrillDatabase {
    /**
     * The time each table's writes carry, by table: processing time, so a row newer than a failure
     * was written after it (the rows' own times, each at or before their commit).
     */
    private static final Map<String, String> WRITE_TIMES =
            Map.of(
                    "herdpulse.animal_health_stats", "updated_at",
                    "herdpulse.farm_health_stats", "updated_at",
                    "herdpulse.health_alerts", "detected_at",
                    "herdpulse.rejected_readings", "received_at");

    private static final String LATEST_WRITE =
            WRITE_TIMES.entrySet().stream()
                    .map(
                            table ->
                                    "(SELECT max(%s) FROM %s)"
                                            .formatted(table.getValue(), table.getKey()))
                    .collect(Collectors.joining(", ", "SELECT greatest(", ")"));

    /**
     * When the first row written after a moment became visible, any table: its transaction's commit
     * time (the server keeps them, {@code track_commit_timestamp}), not when a poll happened to see
     * it. The rows' own times narrow the search through the indexes.
     */
    private static final String FIRST_COMMIT_AFTER =
            WRITE_TIMES.entrySet().stream()
                    .map(
                            table ->
                                    "SELECT pg_xact_commit_timestamp(xmin) AS committed FROM %s WHERE %s > ?"
                                            .formatted(table.getKey(), table.getValue()))
                    .collect(
                            Collectors.joining(
                                    " UNION ALL ", "SELECT min(committed) FROM (", ") AS writes"));

    private final PostgresServer postgres;
    private final String name;

    DrillDatabase(PostgresServer postgres, String name) {
        this.postgres = postgres;
        this.name = name;
    }

    String name() {
        return name;
    }

    String jdbcUrl() {
        return postgres.jdbcUrl(name);
    }

    /**
     * Creates and migrates it, with indexes on the write times so that polling for the newest write
     * stays cheap at a million rows (the job's own tables do not need them).
     */
    void create() {
        postgres.createDatabase(name);
        try (Connection owner = postgres.ownerConnection(name);
                Statement ddl = owner.createStatement()) {
            for (Map.Entry<String, String> table : WRITE_TIMES.entrySet()) {
                ddl.execute("CREATE INDEX ON %s (%s)".formatted(table.getKey(), table.getValue()));
            }
        } catch (SQLException e) {
            throw new StackException("cannot prepare database " + name + ": " + e.getMessage(), e);
        }
    }

    /** The newest write time of any table, or empty while none is there or PostgreSQL is down. */
    Optional<Instant> latestWrite() {
        try (Connection reader = reader();
                Statement query = reader.createStatement()) {
            query.setQueryTimeout(5);
            ResultSet result = query.executeQuery(LATEST_WRITE);
            result.next();
            Timestamp latest = result.getTimestamp(1);
            return Optional.ofNullable(latest).map(Timestamp::toInstant);
        } catch (SQLException down) {
            return Optional.empty();
        }
    }

    /**
     * When the first row written after {@code since} was committed, or empty while there is none or
     * PostgreSQL is down.
     */
    Optional<Instant> firstCommitAfter(Instant since) {
        try (Connection reader = reader();
                PreparedStatement query = reader.prepareStatement(FIRST_COMMIT_AFTER)) {
            query.setQueryTimeout(5);
            OffsetDateTime after = since.atOffset(ZoneOffset.UTC);
            for (int table = 1; table <= WRITE_TIMES.size(); table++) {
                query.setObject(table, after);
            }
            ResultSet result = query.executeQuery();
            result.next();
            return Optional.ofNullable(result.getObject(1, OffsetDateTime.class))
                    .map(OffsetDateTime::toInstant);
        } catch (SQLException e) {
            if (isUnavailable(e)) {
                return Optional.empty();
            }
            // A server started before it kept commit times says so here, once, not by a drill
            // that waits until its timeout.
            throw new StackException(
                    "cannot read commit times in "
                            + name
                            + " (a PostgreSQL started by an older herdpulse does not keep them:"
                            + " bin/herdpulse down, then up): "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * Connection failures (SQLSTATE class 08) and operator intervention (57: a server shutting
     * down, a query over its timeout on a loaded machine).
     */
    private static boolean isUnavailable(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("08") || state.startsWith("57");
    }

    /**
     * As the read-only role, which the migration grants SELECT in every database, for looks: a
     * server that says nothing is a server that is down.
     */
    Connection reader() throws SQLException {
        return DriverManager.getConnection(
                jdbcUrl(),
                ConnectionTimeouts.LOOK.login(
                        Role.READER.roleName(), postgres.password(Role.READER)));
    }

    void drop() {
        postgres.dropDatabase(name);
    }
}
