package io.herdpulse.stack.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.schema.Migrations;
import io.herdpulse.testing.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two runs' tables on a real PostgreSQL, compared as the drills compare them. */
class TableDiffTest {
    private static final TestPostgres POSTGRES = TestPostgres.get();

    private String expected;
    private String actual;

    @BeforeEach
    void twoMigratedDatabases() {
        expected = migrated("drill_expected");
        actual = migrated("drill_actual");
    }

    @Test
    void equalRowsAreEqualWhateverTheirProcessingTimesAndRejectOffsets() throws Exception {
        String rows =
                """
                INSERT INTO herdpulse.animal_health_stats VALUES
                  ('cow-1', '2026-11-25T00:00Z', 'farm-1', '2026-11-25T00:01Z', 1, 38.5, 38.5, 38.5,
                   12, 5, 0, NULL, NULL, now() - interval '%1$s');
                INSERT INTO herdpulse.farm_health_stats VALUES
                  ('farm-1', '2026-11-25T00:00Z', '2026-11-25T00:01Z', 1, 1, 38.5, 0,
                   now() - interval '%1$s');
                INSERT INTO herdpulse.health_alerts VALUES
                  ('a1', 'cow-1', 'farm-1', 'FEVER', 'WARNING', '2026-11-25T00:00Z', NULL, 39.9, 39.7,
                   '{"readings": 3}', now() - interval '%1$s');
                INSERT INTO herdpulse.rejected_readings VALUES
                  ('topic-%2$s', 0, %3$s, 'FUTURE_TIMESTAMP',
                   'timestamp 2026-12-03T00:00:00Z is more than PT5M ahead of the job''s clock %4$s',
                   'payload', now() - interval '%1$s');
                """;
        execute(expected, rows.formatted("1 hour", "a", 17, "2026-12-02T06:00:00Z"));
        execute(actual, rows.formatted("1 minute", "b", 4711, "2026-12-02T06:05:09.123Z"));

        List<TableDiff.Outcome> outcomes = compare();

        assertThat(outcomes).hasSize(4).allMatch(TableDiff.Outcome::equal);
        assertThat(outcomes)
                .allMatch(outcome -> outcome.expectedRows() == 1 && outcome.actualRows() == 1);
    }

    @Test
    void lostExtraAndDifferingRowsAreCountedPerTableWithExamples() throws Exception {
        String common =
                """
                INSERT INTO herdpulse.animal_health_stats VALUES
                  ('cow-1', '2026-11-25T00:00Z', 'farm-1', '2026-11-25T00:01Z', 1, 38.5, 38.5, 38.5,
                   12, 5, 0, NULL, NULL, now());
                INSERT INTO herdpulse.rejected_readings VALUES
                  ('t', 1, 1, 'DUPLICATE', 'readingId r1 was already received', 'r1', now());
                """;
        execute(expected, common);
        execute(actual, common);
        execute(
                expected,
                """
                INSERT INTO herdpulse.animal_health_stats VALUES
                  ('cow-2', '2026-11-25T00:00Z', 'farm-1', '2026-11-25T00:01Z', 1, 38.1, 38.1, 38.1,
                   10, 4, 0, NULL, NULL, now()),
                  ('cow-3', '2026-11-25T00:00Z', 'farm-1', '2026-11-25T00:01Z', 1, 38.2, 38.2, 38.2,
                   10, 4, 0, NULL, NULL, now());
                """);
        execute(
                actual,
                """
                INSERT INTO herdpulse.animal_health_stats VALUES
                  ('cow-3', '2026-11-25T00:00Z', 'farm-1', '2026-11-25T00:01Z', 2, 38.2, 38.2, 38.2,
                   20, 8, 0, NULL, NULL, now()),
                  ('cow-4', '2026-11-25T00:00Z', 'farm-1', '2026-11-25T00:01Z', 1, 38.4, 38.4, 38.4,
                   10, 4, 0, NULL, NULL, now());
                INSERT INTO herdpulse.rejected_readings VALUES
                  ('t', 1, 2, 'DUPLICATE', 'readingId r1 was already received', 'r1', now());
                """);

        List<TableDiff.Outcome> outcomes = compare();

        TableDiff.Outcome animals = outcomes.get(0);
        assertThat(animals.table()).isEqualTo("animal_health_stats");
        assertThat(animals.expectedRows()).isEqualTo(3);
        assertThat(animals.actualRows()).isEqualTo(3);
        assertThat(animals.lost()).isEqualTo(1);
        assertThat(animals.extra()).isEqualTo(1);
        assertThat(animals.differing()).isEqualTo(1);
        assertThat(animals.examples())
                .containsExactly(
                        "lost cow-2|2026-11-25 00:00:00+00 → farm-1|2026-11-25 00:01:00+00|1|38.1"
                                + "|38.1|38.1|10|4|0|NULL|NULL",
                        "differs cow-3|2026-11-25 00:00:00+00: readings 1 → 2; activity_avg 10 → 20;"
                                + " rumination_min 4 → 8",
                        "extra cow-4|2026-11-25 00:00:00+00 → farm-1|2026-11-25"
                                + " 00:01:00+00|1|38.4|38.4|38.4|10|4|0|NULL|NULL");
        TableDiff.Outcome rejects = outcomes.get(3);
        assertThat(rejects.table()).isEqualTo("rejected_readings");
        assertThat(rejects.lost()).isZero();
        assertThat(rejects.extra()).isEqualTo(1);
        assertThat(rejects.differing()).isZero();
        assertThat(outcomes.get(1).equal()).isTrue();
        assertThat(outcomes.get(2).equal()).isTrue();
    }

    private List<TableDiff.Outcome> compare() {
        return TableDiff.compare(() -> POSTGRES.connect(expected), () -> POSTGRES.connect(actual));
    }

    private static String migrated(String prefix) {
        String database = POSTGRES.newDatabase(prefix);
        Migrations.apply(
                POSTGRES.jdbcUrl(database), POSTGRES.adminUser(), POSTGRES.adminPassword());
        return database;
    }

    private static void execute(String database, String sql) throws SQLException {
        try (Connection connection = POSTGRES.connect(database);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
