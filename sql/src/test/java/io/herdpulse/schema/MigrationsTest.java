package io.herdpulse.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herdpulse.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MigrationsTest {
    private static final TestPostgres POSTGRES = TestPostgres.get();
    private static final String WRITER_PASSWORD = "writer-" + System.nanoTime();
    private static final String READER_PASSWORD = "reader-" + System.nanoTime();
    private static final String MONITOR_PASSWORD = "monitor-" + System.nanoTime();
    private static String database;

    @BeforeAll
    static void migrate() throws SQLException {
        database = POSTGRES.newDatabase("migrations");
        String url = POSTGRES.jdbcUrl(database);
        Migrations.apply(url, POSTGRES.adminUser(), POSTGRES.adminPassword());
        Migrations.setPasswords(
                url,
                POSTGRES.adminUser(),
                POSTGRES.adminPassword(),
                Map.of(
                        Role.WRITER,
                        WRITER_PASSWORD,
                        Role.READER,
                        READER_PASSWORD,
                        Role.MONITOR,
                        MONITOR_PASSWORD));
    }

    @Test
    void tablesHaveTheColumnsOfTheDesignContract() throws SQLException {
        assertThat(columns("animal_health_stats"))
                .containsExactly(
                        "animal_id text NO",
                        "window_start timestamp with time zone NO",
                        "farm_id text NO",
                        "window_end timestamp with time zone NO",
                        "readings integer NO",
                        "temp_avg double precision NO",
                        "temp_min double precision NO",
                        "temp_max double precision NO",
                        "activity_avg double precision NO",
                        "rumination_min double precision NO",
                        "water_intake_l double precision NO",
                        "ph_avg double precision YES",
                        "ph_min double precision YES",
                        "updated_at timestamp with time zone NO");
        assertThat(columns("farm_health_stats"))
                .containsExactly(
                        "farm_id text NO",
                        "window_start timestamp with time zone NO",
                        "window_end timestamp with time zone NO",
                        "animals integer NO",
                        "readings integer NO",
                        "temp_avg double precision NO",
                        "animals_with_fever integer NO",
                        "updated_at timestamp with time zone NO");
        assertThat(columns("health_alerts"))
                .containsExactly(
                        "alert_id text NO",
                        "animal_id text NO",
                        "farm_id text NO",
                        "kind text NO",
                        "severity text NO",
                        "started_at timestamp with time zone NO",
                        "ended_at timestamp with time zone YES",
                        "value double precision YES",
                        "threshold double precision YES",
                        "details jsonb NO",
                        "detected_at timestamp with time zone NO");
        assertThat(columns("rejected_readings"))
                .containsExactly(
                        "source_topic text NO",
                        "source_partition integer NO",
                        "source_offset bigint NO",
                        "reason text NO",
                        "detail text NO",
                        "raw_payload bytea NO",
                        "received_at timestamp with time zone NO");
    }

    @Test
    void primaryKeysAreTheUpsertKeysOfTheDesignContract() throws SQLException {
        assertThat(primaryKey("animal_health_stats")).containsExactly("animal_id", "window_start");
        assertThat(primaryKey("farm_health_stats")).containsExactly("farm_id", "window_start");
        assertThat(primaryKey("health_alerts")).containsExactly("alert_id");
        assertThat(primaryKey("rejected_readings"))
                .containsExactly("source_topic", "source_partition", "source_offset");
    }

    @Test
    void writerCanInsertUpdateAndSelectButNotDeleteTruncateCreateOrDrop() throws SQLException {
        try (Connection writer =
                        POSTGRES.connect(database, Role.WRITER.roleName(), WRITER_PASSWORD);
                Statement sql = writer.createStatement()) {
            sql.execute(
                    "INSERT INTO herdpulse.farm_health_stats VALUES "
                            + "('f', '2026-12-06T10:00Z', '2026-12-06T10:01Z', 1, 1, 38.0, 0, now())");
            sql.execute(
                    "INSERT INTO herdpulse.farm_health_stats VALUES "
                            + "('f', '2026-12-06T10:00Z', '2026-12-06T10:01Z', 1, 2, 38.5, 0, now()) "
                            + "ON CONFLICT (farm_id, window_start) DO UPDATE SET readings = EXCLUDED.readings");
            try (ResultSet rows =
                    sql.executeQuery("SELECT readings FROM herdpulse.farm_health_stats")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(2);
            }

            assertDenied(sql, "DELETE FROM herdpulse.farm_health_stats");
            assertDenied(sql, "TRUNCATE herdpulse.farm_health_stats");
            assertDenied(sql, "CREATE TABLE herdpulse.sneaky (x int)");
            assertDenied(sql, "CREATE TABLE public.sneaky (x int)");
            assertDenied(sql, "DROP TABLE herdpulse.health_alerts");
            assertDenied(sql, "SELECT * FROM herdpulse.flyway_schema_history");
        }
    }

    /**
     * The job keeps each rejected reading once, as RejectedInsert writes it; its role may not
     * rewrite, delete or read what was kept: a leaked job password could erase the record of bad
     * input (found by review, 2026-12-06).
     */
    @Test
    void writerAddsRejectedReadingsOnceAndCanNeitherRewriteNorReadThem() throws SQLException {
        try (Connection writer =
                        POSTGRES.connect(database, Role.WRITER.roleName(), WRITER_PASSWORD);
                Statement sql = writer.createStatement()) {
            String insert =
                    "INSERT INTO herdpulse.rejected_readings VALUES "
                            + "('cow-health-data', 0, 1, 'MALFORMED_JSON', '%s', '\\x7b'::bytea, now()) "
                            + "ON CONFLICT (source_topic, source_partition, source_offset) DO NOTHING";
            assertThat(sql.executeUpdate(insert.formatted("not JSON"))).isOne();
            assertThat(sql.executeUpdate(insert.formatted("again"))).isZero();

            assertDenied(sql, "UPDATE herdpulse.rejected_readings SET detail = 'rewritten'");
            assertDenied(sql, "DELETE FROM herdpulse.rejected_readings");
            assertDenied(sql, "SELECT detail FROM herdpulse.rejected_readings");
            assertDenied(sql, "SELECT raw_payload FROM herdpulse.rejected_readings");
        }
        try (Connection reader =
                        POSTGRES.connect(database, Role.READER.roleName(), READER_PASSWORD);
                ResultSet kept =
                        reader.createStatement()
                                .executeQuery("SELECT detail FROM herdpulse.rejected_readings")) {
            assertThat(kept.next()).isTrue();
            assertThat(kept.getString(1)).isEqualTo("not JSON");
        }
    }

    /**
     * What PostgreSQL lets every role do by default: large objects outlive the session, and a
     * leaked reader or monitor password could fill the disk with them or with temporary tables
     * until every write of the job fails (found by review, 2026-12-06).
     */
    @Test
    void noHerdpulseRoleCanStoreLargeObjectsOrTemporaryTables() throws SQLException {
        Map<Role, String> passwords =
                Map.of(
                        Role.WRITER, WRITER_PASSWORD,
                        Role.READER, READER_PASSWORD,
                        Role.MONITOR, MONITOR_PASSWORD);
        for (Map.Entry<Role, String> role : passwords.entrySet()) {
            try (Connection connection =
                            POSTGRES.connect(database, role.getKey().roleName(), role.getValue());
                    Statement sql = connection.createStatement()) {
                assertDenied(sql, "SELECT lo_from_bytea(0, '\\x01')");
                assertDenied(sql, "SELECT lo_create(0)");
                assertDenied(sql, "SELECT lo_creat(-1)");
                assertDenied(sql, "CREATE TEMPORARY TABLE sneaky AS SELECT 1");
            }
        }
    }

    /**
     * Readers holding every connection left the job's sink none ("remaining connection slots are
     * reserved"), and it restarted until they left (found by review, 2026-12-06).
     */
    @Test
    void readersBeyondTheirShareOfConnectionsAreRefusedAndTheWriterStillConnects()
            throws SQLException {
        List<Connection> readers = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                readers.add(POSTGRES.connect(database, Role.READER.roleName(), READER_PASSWORD));
            }

            assertThatThrownBy(
                            () ->
                                    POSTGRES.connect(
                                                    database,
                                                    Role.READER.roleName(),
                                                    READER_PASSWORD)
                                            .close())
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            refused ->
                                    assertThat(refused.getSQLState())
                                            .as("too_many_connections")
                                            .isEqualTo("53300"));
            try (Connection writer =
                    POSTGRES.connect(database, Role.WRITER.roleName(), WRITER_PASSWORD)) {
                assertThat(writer.isValid(5)).isTrue();
            }
        } finally {
            for (Connection reader : readers) {
                reader.close();
            }
        }
    }

    @Test
    void readerCanOnlySelect() throws SQLException {
        try (Connection reader =
                        POSTGRES.connect(database, Role.READER.roleName(), READER_PASSWORD);
                Statement sql = reader.createStatement()) {
            sql.executeQuery("SELECT count(*) FROM herdpulse.animal_health_stats").close();
            sql.executeQuery("SELECT count(*) FROM herdpulse.health_alerts").close();

            assertDenied(
                    sql,
                    "INSERT INTO herdpulse.farm_health_stats VALUES "
                            + "('f', now(), now() + interval '1 minute', 1, 1, 38.0, 0, now())");
            assertDenied(sql, "UPDATE herdpulse.health_alerts SET ended_at = now()");
            assertDenied(sql, "DELETE FROM herdpulse.health_alerts");
            assertDenied(sql, "TRUNCATE herdpulse.health_alerts");
            assertDenied(sql, "CREATE TABLE herdpulse.sneaky (x int)");
        }
    }

    @Test
    void noHerdpulseRoleIsASuperuserOrMayCreateRolesOrDatabases() throws SQLException {
        try (Connection admin = POSTGRES.connect(database);
                ResultSet roles =
                        admin.createStatement()
                                .executeQuery(
                                        "SELECT rolname, rolsuper OR rolcreaterole OR rolcreatedb "
                                                + "FROM pg_roles WHERE rolname LIKE 'herdpulse_%' "
                                                + "ORDER BY rolname")) {
            List<String> found = new ArrayList<>();
            while (roles.next()) {
                found.add(roles.getString(1) + " " + roles.getBoolean(2));
            }
            assertThat(found)
                    .containsExactly(
                            "herdpulse_monitor false",
                            "herdpulse_reader false",
                            "herdpulse_writer false");
        }
    }

    /**
     * Only a hash of a password reaches the server: the statement that set it as text stayed in
     * pg_stat_activity, which the exporter's role reads, and went to the server's log wherever
     * log_statement is ddl (found by review, 2026-12-06).
     */
    @Test
    void aPasswordReachesTheServerOnlyHashed() throws SQLException {
        try (Connection owner = POSTGRES.connect(database);
                Connection admin = POSTGRES.connect(database)) {
            int backend = single(owner, "SELECT pg_backend_pid()").getInt(1);

            Migrations.setPasswords(owner, Map.of(Role.MONITOR, MONITOR_PASSWORD));

            assertThat(
                            single(
                                            admin,
                                            "SELECT query FROM pg_stat_activity WHERE pid = "
                                                    + backend)
                                    .getString(1))
                    .contains("herdpulse_monitor")
                    .doesNotContain(MONITOR_PASSWORD);
            assertThat(
                            single(
                                            admin,
                                            "SELECT rolpassword FROM pg_authid"
                                                    + " WHERE rolname = 'herdpulse_monitor'")
                                    .getString(1))
                    .startsWith("SCRAM-SHA-256$");
        }
        try (Connection monitor =
                POSTGRES.connect(database, Role.MONITOR.roleName(), MONITOR_PASSWORD)) {
            assertThat(monitor.isValid(5)).isTrue();
        }
    }

    /**
     * What completing a start cut short needs: a role left without a password gets one, and one
     * something running logs in with keeps its own.
     */
    @Test
    void onlyARoleWithoutAPasswordIsGivenOne() throws SQLException {
        try (Connection admin = POSTGRES.connect(database)) {
            admin.createStatement().execute("ALTER ROLE herdpulse_monitor PASSWORD NULL");
        }

        Migrations.setMissingPasswords(
                POSTGRES.jdbcUrl(database),
                POSTGRES.adminUser(),
                POSTGRES.adminPassword(),
                Map.of(Role.READER, "another-" + READER_PASSWORD, Role.MONITOR, MONITOR_PASSWORD));

        try (Connection reader =
                        POSTGRES.connect(database, Role.READER.roleName(), READER_PASSWORD);
                Connection monitor =
                        POSTGRES.connect(database, Role.MONITOR.roleName(), MONITOR_PASSWORD)) {
            assertThat(reader.isValid(5)).isTrue();
            assertThat(monitor.isValid(5)).isTrue();
        }
    }

    /** The one row of a query, positioned on it. */
    private static ResultSet single(Connection connection, String query) throws SQLException {
        ResultSet row = connection.createStatement().executeQuery(query);
        assertThat(row.next()).as(query).isTrue();
        return row;
    }

    @Test
    void applyingTheMigrationsAgainChangesNothing() {
        assertThat(
                        Migrations.apply(
                                        POSTGRES.jdbcUrl(database),
                                        POSTGRES.adminUser(),
                                        POSTGRES.adminPassword())
                                .migrationsExecuted)
                .isZero();
    }

    /** SQLSTATE 42501, insufficient_privilege: "permission denied" and "must be owner" alike. */
    private static void assertDenied(Statement sql, String statement) {
        assertThatThrownBy(() -> sql.execute(statement))
                .as(statement)
                .isInstanceOfSatisfying(
                        SQLException.class,
                        denied -> assertThat(denied.getSQLState()).isEqualTo("42501"));
    }

    private static List<String> columns(String table) throws SQLException {
        try (Connection admin = POSTGRES.connect(database);
                PreparedStatement query =
                        admin.prepareStatement(
                                "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
                                        + "WHERE table_schema = 'herdpulse' AND table_name = ? "
                                        + "ORDER BY ordinal_position")) {
            query.setString(1, table);
            List<String> columns = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    columns.add(
                            rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3));
                }
            }
            return columns;
        }
    }

    private static List<String> primaryKey(String table) throws SQLException {
        try (Connection admin = POSTGRES.connect(database);
                PreparedStatement query =
                        admin.prepareStatement(
                                "SELECT a.attname FROM pg_index i "
                                        + "JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) ON true "
                                        + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
                                        + "WHERE i.indrelid = ('herdpulse.' || ?)::regclass AND i.indisprimary "
                                        + "ORDER BY k.n")) {
            query.setString(1, table);
            List<String> columns = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    columns.add(rows.getString(1));
                }
            }
            return columns;
        }
    }
}
