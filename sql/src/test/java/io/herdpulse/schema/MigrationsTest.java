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
                Map.of(Role.WRITER, WRITER_PASSWORD, Role.READER, READER_PASSWORD));
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
                    "INSERT INTO herdpulse.rejected_readings VALUES "
                            + "('cow-health-data', 0, 1, 'MALFORMED_JSON', 'not JSON', '\\x7b'::bytea, now())");
            sql.execute(
                    "INSERT INTO herdpulse.rejected_readings VALUES "
                            + "('cow-health-data', 0, 1, 'MALFORMED_JSON', 'again', '\\x7b'::bytea, now()) "
                            + "ON CONFLICT (source_topic, source_partition, source_offset) "
                            + "DO UPDATE SET detail = EXCLUDED.detail");
            try (ResultSet rows =
                    sql.executeQuery("SELECT detail FROM herdpulse.rejected_readings")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("again");
            }

            assertDenied(sql, "DELETE FROM herdpulse.rejected_readings");
            assertDenied(sql, "TRUNCATE herdpulse.rejected_readings");
            assertDenied(sql, "CREATE TABLE herdpulse.sneaky (x int)");
            assertDenied(sql, "CREATE TABLE public.sneaky (x int)");
            assertDenied(sql, "DROP TABLE herdpulse.health_alerts");
            assertDenied(sql, "SELECT * FROM herdpulse.flyway_schema_history");
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
