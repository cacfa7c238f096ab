package io.herdpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5 end to end: the shaded job jar submitted with the real {@code flink run} to a separate
 * JobManager and TaskManager by {@code bin/herdpulse up}, a CSV replayed with the producer, and the
 * rows in PostgreSQL compared exactly with what this test computes from the CSV.
 *
 * <p>Every measurement is a multiple of 1/8, so sums and averages are exact in binary floating
 * point whatever order the job adds them in, and rows can be compared with {@code equals}.
 */
class JobEndToEndIT {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration SPACING = Duration.ofSeconds(20);
    private static final int READINGS_PER_ANIMAL = 12;
    private static final double FEVER_C = 39.7;
    private static final List<String> FARMS = List.of("farm-north", "farm-south");
    private static final int ANIMALS_PER_FARM = 3;
    private static final String FEVERISH = "farm-north-cow-1";

    private static Herdpulse herdpulse;
    private static Instant start;

    /** One CSV row as this test writes it; {@code readingId} null lets the producer derive it. */
    record Row(
            Instant timestamp,
            String farm,
            String animal,
            double temp,
            double activity,
            double rumination,
            Double water,
            Double ph,
            String readingId) {

        String csv() {
            return String.join(
                    ",",
                    timestamp.toString(),
                    farm,
                    animal,
                    "bolus-" + animal,
                    number(temp),
                    number(activity),
                    number(rumination),
                    water == null ? "" : number(water),
                    ph == null ? "" : number(ph),
                    readingId == null ? "" : readingId);
        }

        Instant windowStart() {
            return Instant.ofEpochMilli(
                    Math.floorDiv(timestamp.toEpochMilli(), WINDOW.toMillis()) * WINDOW.toMillis());
        }
    }

    @BeforeAll
    static void upWithoutSimulator() {
        herdpulse = Herdpulse.up("--no-simulator");
        // Two hours ago, on a window boundary: in the past (the job rejects the future), windows
        // aligned.
        start = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
    }

    @AfterAll
    static void down() {
        herdpulse.downAndPurge();
    }

    @Test
    void replayedReadingsBecomeExactWindowRowsAlertsAndRejects() throws Exception {
        List<Row> valid = herd();
        String duplicateId = UUID.randomUUID().toString();
        Row original = withId(valid.get(0), duplicateId);
        valid.set(0, original);
        Row duplicate = original;
        Row outOfRange =
                new Row(
                        start.plusSeconds(5),
                        "farm-south",
                        "farm-south-cow-2",
                        50.0,
                        1,
                        1,
                        null,
                        null,
                        null);
        // Far enough ahead that every window of the herd closes (out-of-orderness and idleness
        // pass).
        Instant flushAt = start.plus(Duration.ofMinutes(30));
        List<Row> flush = new ArrayList<>();
        for (String farm : FARMS) {
            for (int animal = 1; animal <= ANIMALS_PER_FARM; animal++) {
                flush.add(
                        new Row(
                                flushAt,
                                farm,
                                farm + "-cow-" + animal,
                                38.5,
                                1,
                                1,
                                null,
                                null,
                                null));
            }
        }
        List<Row> file = new ArrayList<>(valid);
        file.add(duplicate);
        file.add(outOfRange);
        file.addAll(flush);

        Herdpulse.Run replay = herdpulse.run("produce", "replay", csv(file).toString());
        assertThat(replay.exitCode()).as(replay.stdout() + replay.stderr()).isZero();

        Set<String> expectedAnimalRows = expectedAnimalRows(valid);
        Set<String> expectedFarmRows = expectedFarmRows(valid);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(
                        () -> {
                            assertThat(animalRowsBefore(flushAt)).isEqualTo(expectedAnimalRows);
                            assertThat(farmRowsBefore(flushAt)).isEqualTo(expectedFarmRows);
                        });

        assertThat(
                        query(
                                "SELECT reason, convert_from(raw_payload, 'UTF8')::jsonb->>'animalId'"
                                        + " FROM herdpulse.rejected_readings ORDER BY reason"))
                .containsExactly("DUPLICATE farm-north-cow-1", "OUT_OF_RANGE farm-south-cow-2");

        Instant feverStart = start.plus(SPACING.multipliedBy(6));
        await().atMost(Duration.ofMinutes(1))
                .untilAsserted(
                        () ->
                                assertThat(
                                                query(
                                                        "SELECT animal_id, kind, started_at, ended_at IS NULL"
                                                                + " FROM herdpulse.health_alerts"
                                                                + " WHERE kind = 'FEVER'"))
                                        .containsExactly(
                                                FEVERISH
                                                        + " FEVER "
                                                        + timestamp(feverStart)
                                                        + " t"));

        // Once the windows have closed, a reading for one of them is late: kept with its reason,
        // not counted.
        Row late =
                new Row(
                        start.plusSeconds(1),
                        "farm-north",
                        "farm-north-cow-2",
                        38.5,
                        1,
                        1,
                        null,
                        null,
                        null);
        assertThat(herdpulse.run("produce", "replay", csv(List.of(late)).toString()).exitCode())
                .isZero();
        await().atMost(Duration.ofMinutes(1))
                .untilAsserted(
                        () ->
                                assertThat(query("SELECT reason FROM herdpulse.rejected_readings"))
                                        .contains("LATE"));
        assertThat(animalRowsBefore(flushAt)).isEqualTo(expectedAnimalRows);
    }

    /**
     * Two farms of three cows, a reading every 20 s; cow 1 of the north farm runs a fever from
     * reading 7 on.
     */
    private static List<Row> herd() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < READINGS_PER_ANIMAL; i++) {
            for (String farm : FARMS) {
                for (int animal = 1; animal <= ANIMALS_PER_FARM; animal++) {
                    String id = farm + "-cow-" + animal;
                    boolean fever = id.equals(FEVERISH) && i >= 6;
                    double temp = fever ? 40.0 + i / 8.0 : 38.5 + (animal + i % 3) / 8.0;
                    boolean phBolus = animal == 3;
                    rows.add(
                            new Row(
                                    start.plus(SPACING.multipliedBy(i)),
                                    farm,
                                    id,
                                    temp,
                                    10 + animal + i % 4,
                                    (i % 3) / 2.0,
                                    i % 2 == 0 ? 1.5 * animal : null,
                                    phBolus ? 6.0 + (i % 4) / 8.0 : null,
                                    null));
                }
            }
        }
        return rows;
    }

    private static Row withId(Row row, String readingId) {
        return new Row(
                row.timestamp(),
                row.farm(),
                row.animal(),
                row.temp(),
                row.activity(),
                row.rumination(),
                row.water(),
                row.ph(),
                readingId);
    }

    /** The rows of each (key, window), as the job's keyed windows see them. */
    private static Map<String, List<Row>> windowsOf(List<Row> rows, Function<Row, String> key) {
        return rows.stream()
                .collect(
                        Collectors.groupingBy(
                                row -> key.apply(row) + " " + row.windowStart(),
                                TreeMap::new,
                                Collectors.toList()));
    }

    private static Set<String> expectedAnimalRows(List<Row> rows) {
        Set<String> expected = new TreeSet<>();
        windowsOf(rows, Row::animal)
                .forEach(
                        (key, window) -> {
                            Row first = window.get(0);
                            List<Double> ph =
                                    window.stream().map(Row::ph).filter(p -> p != null).toList();
                            expected.add(
                                    String.join(
                                            " ",
                                            first.animal(),
                                            timestamp(first.windowStart()),
                                            first.farm(),
                                            timestamp(first.windowStart().plus(WINDOW)),
                                            Integer.toString(window.size()),
                                            number(
                                                    average(
                                                            window.stream()
                                                                    .map(Row::temp)
                                                                    .toList())),
                                            number(
                                                    window.stream()
                                                            .mapToDouble(Row::temp)
                                                            .min()
                                                            .orElseThrow()),
                                            number(
                                                    window.stream()
                                                            .mapToDouble(Row::temp)
                                                            .max()
                                                            .orElseThrow()),
                                            number(
                                                    average(
                                                            window.stream()
                                                                    .map(Row::activity)
                                                                    .toList())),
                                            number(
                                                    window.stream()
                                                            .mapToDouble(Row::rumination)
                                                            .sum()),
                                            number(
                                                    window.stream()
                                                            .map(Row::water)
                                                            .filter(w -> w != null)
                                                            .mapToDouble(Double::doubleValue)
                                                            .sum()),
                                            ph.isEmpty() ? "null" : number(average(ph)),
                                            ph.isEmpty()
                                                    ? "null"
                                                    : number(
                                                            ph.stream()
                                                                    .mapToDouble(
                                                                            Double::doubleValue)
                                                                    .min()
                                                                    .orElseThrow())));
                        });
        return expected;
    }

    private static Set<String> expectedFarmRows(List<Row> rows) {
        Set<String> expected = new TreeSet<>();
        windowsOf(rows, Row::farm)
                .forEach(
                        (key, window) -> {
                            Row first = window.get(0);
                            Map<String, Double> maxTempPerAnimal =
                                    window.stream()
                                            .collect(
                                                    Collectors.toMap(
                                                            Row::animal, Row::temp, Math::max));
                            expected.add(
                                    String.join(
                                            " ",
                                            first.farm(),
                                            timestamp(first.windowStart()),
                                            timestamp(first.windowStart().plus(WINDOW)),
                                            Integer.toString(maxTempPerAnimal.size()),
                                            Integer.toString(window.size()),
                                            number(
                                                    average(
                                                            window.stream()
                                                                    .map(Row::temp)
                                                                    .toList())),
                                            Long.toString(
                                                    maxTempPerAnimal.values().stream()
                                                            .filter(max -> max >= FEVER_C)
                                                            .count())));
                        });
        return expected;
    }

    private static Set<String> animalRowsBefore(Instant flushAt) throws SQLException {
        return new TreeSet<>(
                query(
                        "SELECT animal_id, window_start, farm_id, window_end, readings, temp_avg,"
                                + " temp_min, temp_max, activity_avg, rumination_min, water_intake_l,"
                                + " ph_avg, ph_min FROM herdpulse.animal_health_stats"
                                + " WHERE window_start < '"
                                + flushAt
                                + "'"));
    }

    private static Set<String> farmRowsBefore(Instant flushAt) throws SQLException {
        return new TreeSet<>(
                query(
                        "SELECT farm_id, window_start, window_end, animals, readings, temp_avg,"
                                + " animals_with_fever FROM herdpulse.farm_health_stats"
                                + " WHERE window_start < '"
                                + flushAt
                                + "'"));
    }

    /**
     * Each row as its columns joined by spaces; timestamps as UTC instants, numbers as {@link
     * #number}.
     */
    private static List<String> query(String sql) throws SQLException {
        try (Connection reader =
                        DriverManager.getConnection(
                                "jdbc:postgresql://127.0.0.1:5432/herdpulse",
                                "herdpulse_reader",
                                herdpulse.secret("reader"));
                Statement statement = reader.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> result = new ArrayList<>();
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                List<String> values = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    Object value = rows.getObject(column);
                    values.add(
                            value == null
                                    ? "null"
                                    : value instanceof java.sql.Timestamp stamp
                                            ? timestamp(stamp.toInstant())
                                            : value instanceof Double real
                                                    ? number(real)
                                                    : value instanceof Boolean flag
                                                            ? (flag ? "t" : "f")
                                                            : value.toString());
                }
                result.add(String.join(" ", values));
            }
            return result;
        }
    }

    private static double average(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).sum() / values.size();
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }

    private static String timestamp(Instant instant) {
        return instant.toString();
    }

    private static Path csv(List<Row> rows) {
        try {
            Path file = Files.createTempFile(herdpulse.home(), "replay", ".csv");
            List<String> lines = new ArrayList<>();
            lines.add(
                    "timestamp,farm_id,animal_id,sensor_id,rumen_temp_c,activity,rumination_min,"
                            + "water_intake_l,rumen_ph,reading_id");
            rows.forEach(row -> lines.add(row.csv()));
            Files.write(file, lines, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
