package io.herdpulse.monitoring.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.schema.Migrations;
import io.herdpulse.schema.Role;
import io.herdpulse.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every SQL panel of "Herd health" runs as herdpulse_reader against a real PostgreSQL holding the
 * HerdPulse schema and a few known rows, and shows what those rows say.
 */
class HerdHealthSqlTest {
    private static final Instant NOW = Instant.parse("2026-11-24T08:00:00Z");
    private static final TimeRange RANGE = TimeRange.last(Duration.ofHours(6), NOW);

    record FarmWindow(
            String farm, Instant start, int animals, int readings, double tempAvg, int fever) {}

    record AnimalWindow(
            String animal, String farm, Instant start, double tempAvg, double rumination) {}

    record Alert(
            String id, String animal, String farm, String kind, Instant started, Instant ended) {}

    record Reject(long offset, String reason, Instant received) {}

    private static final List<FarmWindow> FARM_WINDOWS =
            List.of(
                    new FarmWindow("farm-a", NOW.minusSeconds(180), 2, 4, 38.9, 0),
                    new FarmWindow("farm-a", NOW.minusSeconds(120), 2, 5, 39.2, 1),
                    new FarmWindow("farm-a", NOW.minusSeconds(60), 2, 4, 39.4, 1),
                    new FarmWindow("farm-b", NOW.minusSeconds(60), 1, 1, 38.6, 0),
                    // A farm first in order but older than the dashboard's six hours.
                    new FarmWindow("farm-0", NOW.minus(Duration.ofHours(7)), 1, 1, 38.5, 0));
    private static final List<AnimalWindow> ANIMAL_WINDOWS =
            List.of(
                    new AnimalWindow("cow-1", "farm-a", NOW.minusSeconds(180), 38.8, 0.0),
                    new AnimalWindow("cow-1", "farm-a", NOW.minusSeconds(120), 39.8, 1.0),
                    new AnimalWindow("cow-1", "farm-a", NOW.minusSeconds(60), 39.9, 0.5),
                    new AnimalWindow("cow-2", "farm-a", NOW.minusSeconds(60), 38.9, 1.0),
                    new AnimalWindow("cow-9", "farm-b", NOW.minusSeconds(60), 38.6, 0.0),
                    // Older than the dashboard's six hours.
                    new AnimalWindow("cow-1", "farm-a", NOW.minus(Duration.ofHours(7)), 38.7, 0.0),
                    // An animal of farm-a first in order, with windows only before the range.
                    new AnimalWindow("cow-0", "farm-a", NOW.minus(Duration.ofHours(7)), 38.6, 0.0));
    private static final List<Alert> ALERTS =
            List.of(
                    new Alert("a1", "cow-1", "farm-a", "FEVER", NOW.minusSeconds(120), null),
                    new Alert(
                            "a2",
                            "cow-2",
                            "farm-a",
                            "FEVER",
                            NOW.minus(Duration.ofHours(2)),
                            NOW.minusSeconds(3600)),
                    new Alert("a3", "cow-2", "farm-a", "DRINKING", NOW.minusSeconds(300), null),
                    new Alert(
                            "a4",
                            "cow-1",
                            "farm-a",
                            "LOW_PH",
                            NOW.minus(Duration.ofHours(9)),
                            null),
                    new Alert("a5", "cow-9", "farm-b", "FEVER", NOW.minusSeconds(60), null));
    private static final List<Reject> REJECTS =
            List.of(
                    new Reject(1, "OUT_OF_RANGE", NOW.minusSeconds(100)),
                    new Reject(2, "OUT_OF_RANGE", NOW.minusSeconds(90)),
                    new Reject(3, "MALFORMED_JSON", NOW.minusSeconds(95)),
                    new Reject(4, "DUPLICATE", NOW.minusSeconds(1000)),
                    new Reject(5, "OUT_OF_RANGE", NOW.minus(Duration.ofHours(8))));

    private static Connection reader;
    private static Map<String, RenderedQuery> panels;

    @BeforeAll
    static void schemaWithRowsAndReader() throws SQLException {
        TestPostgres postgres = TestPostgres.get();
        String database = postgres.newDatabase("herd_health_panels");
        String url = postgres.jdbcUrl(database);
        Migrations.apply(url, postgres.adminUser(), postgres.adminPassword());
        String readerPassword = UUID.randomUUID().toString();
        Migrations.setPasswords(
                url,
                postgres.adminUser(),
                postgres.adminPassword(),
                Map.of(Role.READER, readerPassword));
        try (Connection admin = postgres.connect(database)) {
            insertRows(admin);
        }
        reader = postgres.connect(database, Role.READER.roleName(), readerPassword);

        Dashboard herd = DashboardQueriesTest.dashboard("herdpulse-herd-health");
        panels = new LinkedHashMap<>();
        for (RenderedQuery query :
                new DashboardQueries(RANGE).render(herd, new JdbcLookup(reader))) {
            panels.put(query.panelTitle(), query);
        }
    }

    @AfterAll
    static void closeReader() throws SQLException {
        reader.close();
    }

    /** farm-0 and cow-0, first in order, have windows only before the range. */
    @Test
    void variablesPickTheFirstFarmAndItsFirstAnimalWithWindowsInTheRange() {
        assertThat(panels.get("Farm temperature").text()).contains("farm_id = 'farm-a'");
        assertThat(panels.get("Temperature").text()).contains("animal_id = 'cow-1'");
    }

    @Test
    void everySqlPanelRunsAsTheReaderAndReturnsTheColumnsItMaps() {
        assertThat(panels).hasSize(10);
        for (RenderedQuery query : panels.values()) {
            SqlResult result = SqlResult.run(reader, query);
            assertThat(result.rows()).as(query.describe()).isNotEmpty();
            assertThat(result.columns()).as(query.describe()).containsAll(query.mappedColumns());
        }
    }

    @Test
    void animalsWithFeverNowCountsActiveFeverAlertsOfTheFarm() {
        long expected =
                ALERTS.stream()
                        .filter(
                                a ->
                                        a.farm().equals("farm-a")
                                                && a.kind().equals("FEVER")
                                                && a.ended() == null)
                        .map(Alert::animal)
                        .distinct()
                        .count();
        assertThat(
                        SqlResult.run(reader, panels.get("Animals with fever now"))
                                .column("animals_with_fever"))
                .containsExactly(expected);
    }

    @Test
    void farmTemperatureIsTheFarmsWindowsInTheRangeInTimeOrder() {
        SqlResult result = SqlResult.run(reader, panels.get("Farm temperature"));
        List<FarmWindow> expected =
                FARM_WINDOWS.stream()
                        .filter(w -> w.farm().equals("farm-a"))
                        .sorted(Comparator.comparing(FarmWindow::start))
                        .toList();
        assertThat(result.columns()).containsExactly("time", "average temperature");
        assertThat(result.column("time"))
                .containsExactlyElementsOf(
                        expected.stream().map(w -> Timestamp.from(w.start())).toList());
        assertThat(result.column("average temperature"))
                .containsExactlyElementsOf(
                        expected.stream().map(w -> (Object) w.tempAvg()).toList());
        assertThat(
                        SqlResult.run(reader, panels.get("Readings and animals"))
                                .column("animals_with_fever"))
                .containsExactlyElementsOf(expected.stream().map(w -> (Object) w.fever()).toList());
    }

    @Test
    void activeAlertsAreTheFarmsOpenAlertsNewestFirst() {
        SqlResult result = SqlResult.run(reader, panels.get("Active alerts"));
        List<String> expected =
                ALERTS.stream()
                        .filter(a -> a.farm().equals("farm-a") && a.ended() == null)
                        .sorted(Comparator.comparing(Alert::started).reversed())
                        .map(a -> a.animal() + " " + a.kind())
                        .toList();
        assertThat(result.columns())
                .containsExactly(
                        "started_at",
                        "animal_id",
                        "kind",
                        "severity",
                        "value",
                        "threshold",
                        "details");
        List<String> actual = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            actual.add(row.get(1) + " " + row.get(2));
        }
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void alertsByKindCountTheFarmsAlertsStartedInTheRange() {
        Map<String, Long> expected =
                ALERTS.stream()
                        .filter(a -> a.farm().equals("farm-a") && inRange(a.started()))
                        .collect(
                                Collectors.groupingBy(
                                        Alert::kind, TreeMap::new, Collectors.counting()));
        SqlResult result = SqlResult.run(reader, panels.get("Alerts by kind"));
        Map<Object, Object> actual = new LinkedHashMap<>();
        result.rows().forEach(row -> actual.put(row.get(0), row.get(1)));
        assertThat(actual).containsExactlyEntriesOf(new LinkedHashMap<>(expected));
    }

    @Test
    void rejectsAreCountedPerFiveMinutesAndReason() {
        Map<String, Long> expected = new TreeMap<>();
        for (Reject reject : REJECTS) {
            if (inRange(reject.received())) {
                long bucket = Math.floorDiv(reject.received().getEpochSecond(), 300) * 300;
                expected.merge(bucket + " " + reject.reason(), 1L, Long::sum);
            }
        }
        SqlResult result = SqlResult.run(reader, panels.get("Rejected readings by reason"));
        assertThat(result.columns()).containsExactly("time", "metric", "value");
        Map<String, Long> actual = new TreeMap<>();
        for (List<Object> row : result.rows()) {
            long bucket = ((Number) row.get(0)).longValue();
            actual.put(bucket + " " + row.get(1), ((Number) row.get(2)).longValue());
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void animalPanelsShowTheAnimalsWindowsInTheRange() {
        List<AnimalWindow> expected =
                ANIMAL_WINDOWS.stream()
                        .filter(w -> w.animal().equals("cow-1") && inRange(w.start()))
                        .sorted(Comparator.comparing(AnimalWindow::start))
                        .toList();
        assertThat(SqlResult.run(reader, panels.get("Temperature")).column("average"))
                .containsExactlyElementsOf(
                        expected.stream().map(w -> (Object) w.tempAvg()).toList());
        assertThat(SqlResult.run(reader, panels.get("Rumination")).column("rumination"))
                .containsExactlyElementsOf(
                        expected.stream().map(w -> (Object) w.rumination()).toList());
        // No pH bolus on cow-1: the rows are there, the values null (gaps in the panel).
        assertThat(SqlResult.run(reader, panels.get("Rumen pH")).column("average"))
                .hasSize(expected.size())
                .allMatch(Objects::isNull);
    }

    private static boolean inRange(Instant instant) {
        return !instant.isBefore(RANGE.from()) && !instant.isAfter(RANGE.to());
    }

    private static void insertRows(Connection admin) throws SQLException {
        try (PreparedStatement farm =
                admin.prepareStatement(
                        "INSERT INTO herdpulse.farm_health_stats"
                                + " (farm_id, window_start, window_end, animals, readings, temp_avg, animals_with_fever)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (FarmWindow w : FARM_WINDOWS) {
                farm.setString(1, w.farm());
                farm.setTimestamp(2, Timestamp.from(w.start()));
                farm.setTimestamp(3, Timestamp.from(w.start().plusSeconds(60)));
                farm.setInt(4, w.animals());
                farm.setInt(5, w.readings());
                farm.setDouble(6, w.tempAvg());
                farm.setInt(7, w.fever());
                farm.executeUpdate();
            }
        }
        try (PreparedStatement animal =
                admin.prepareStatement(
                        "INSERT INTO herdpulse.animal_health_stats (animal_id, window_start, farm_id, window_end,"
                                + " readings, temp_avg, temp_min, temp_max, activity_avg, rumination_min,"
                                + " water_intake_l) VALUES (?, ?, ?, ?, 1, ?, ?, ?, 3.0, ?, 0)")) {
            for (AnimalWindow w : ANIMAL_WINDOWS) {
                animal.setString(1, w.animal());
                animal.setTimestamp(2, Timestamp.from(w.start()));
                animal.setString(3, w.farm());
                animal.setTimestamp(4, Timestamp.from(w.start().plusSeconds(60)));
                animal.setDouble(5, w.tempAvg());
                animal.setDouble(6, w.tempAvg());
                animal.setDouble(7, w.tempAvg());
                animal.setDouble(8, w.rumination());
                animal.executeUpdate();
            }
        }
        try (PreparedStatement alert =
                admin.prepareStatement(
                        "INSERT INTO herdpulse.health_alerts (alert_id, animal_id, farm_id, kind, severity,"
                                + " started_at, ended_at, detected_at) VALUES (?, ?, ?, ?, 'WARNING', ?, ?, ?)")) {
            for (Alert a : ALERTS) {
                alert.setString(1, a.id());
                alert.setString(2, a.animal());
                alert.setString(3, a.farm());
                alert.setString(4, a.kind());
                alert.setTimestamp(5, Timestamp.from(a.started()));
                alert.setTimestamp(6, a.ended() == null ? null : Timestamp.from(a.ended()));
                alert.setTimestamp(7, Timestamp.from(a.started()));
                alert.executeUpdate();
            }
        }
        try (PreparedStatement reject =
                admin.prepareStatement(
                        "INSERT INTO herdpulse.rejected_readings (source_topic, source_partition, source_offset,"
                                + " reason, detail, raw_payload, received_at)"
                                + " VALUES ('cow-health-data', 0, ?, ?, 'test', '\\x7b7d'::bytea, ?)")) {
            for (Reject r : REJECTS) {
                reject.setLong(1, r.offset());
                reject.setString(2, r.reason());
                reject.setTimestamp(3, Timestamp.from(r.received()));
                reject.executeUpdate();
            }
        }
    }
}
