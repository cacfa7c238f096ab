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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A small herd replayed as a CSV into the stack's job, and the rows PostgreSQL must then hold,
 * computed here from the CSV independently of the job's classes.
 *
 * <p>Every measurement is a multiple of 1/8, so sums and averages are exact in binary floating
 * point whatever order the job adds them in, and rows can be compared with {@code equals}.
 */
final class ReplayedHerd {
    private static final String TOPIC = "cow-health-data";
    private static final String GROUP = "herdpulse-job";
    private static final Duration WINDOW = Duration.ofMinutes(1);
    static final Duration SPACING = Duration.ofSeconds(20);
    private static final int READINGS_PER_ANIMAL = 12;
    private static final double FEVER_C = 39.7;
    static final List<String> FARMS = List.of("farm-north", "farm-south");
    static final int ANIMALS_PER_FARM = 3;
    static final String FEVERISH = "farm-north-cow-1";

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

    private final Herdpulse herdpulse;
    private final Instant start;

    private ReplayedHerd(Herdpulse herdpulse, Instant start) {
        this.herdpulse = herdpulse;
        this.start = start;
    }

    /**
     * A fresh stack without its simulator, and a herd that starts two hours ago on a window
     * boundary: in the past (the job rejects the future), windows aligned.
     */
    static ReplayedHerd onAFreshStack() {
        return new ReplayedHerd(
                Herdpulse.up("--no-simulator"),
                Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS));
    }

    Herdpulse herdpulse() {
        return herdpulse;
    }

    Instant start() {
        return start;
    }

    /**
     * A reading of every animal at {@code at}: far enough ahead of the herd, it closes every window
     * of the herd (out-of-orderness and idleness pass).
     */
    static List<Row> flush(Instant at) {
        List<Row> flush = new ArrayList<>();
        for (String farm : FARMS) {
            for (int animal = 1; animal <= ANIMALS_PER_FARM; animal++) {
                flush.add(new Row(at, farm, farm + "-cow-" + animal, 38.5, 1, 1, null, null, null));
            }
        }
        return flush;
    }

    /**
     * Two farms of three cows, a reading every 20 s; cow 1 of the north farm runs a fever from
     * reading 7 on.
     */
    List<Row> herd() {
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

    static Row withId(Row row, String readingId) {
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

    static Set<String> expectedAnimalRows(List<Row> rows) {
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

    static Set<String> expectedFarmRows(List<Row> rows) {
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

    Set<String> animalRowsBefore(Instant flushAt) throws SQLException {
        return new TreeSet<>(
                query(
                        "SELECT animal_id, window_start, farm_id, window_end, readings, temp_avg,"
                                + " temp_min, temp_max, activity_avg, rumination_min, water_intake_l,"
                                + " ph_avg, ph_min FROM herdpulse.animal_health_stats"
                                + " WHERE window_start < '"
                                + flushAt
                                + "'"));
    }

    Set<String> farmRowsBefore(Instant flushAt) throws SQLException {
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
    List<String> query(String sql) throws SQLException {
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

    static String timestamp(Instant instant) {
        return instant.toString();
    }

    Path csv(List<Row> rows) {
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

    /**
     * The herd around a failure after {@code readingsBefore} readings of each animal (mid-window,
     * so a window spans it): the readings before it, and after it the rest, a copy of the first
     * reading (its id sent twice) and a flush that closes every window.
     */
    record Interrupted(
            List<Row> valid, List<Row> before, List<Row> after, Row copied, Instant flushAt) {}

    Interrupted interruptedAfter(int readingsBefore) {
        List<Row> valid = herd();
        Row copied = withId(valid.get(0), UUID.randomUUID().toString());
        valid.set(0, copied);
        Instant failureAt = start.plus(SPACING.multipliedBy(readingsBefore));
        List<Row> before =
                valid.stream().filter(row -> row.timestamp().isBefore(failureAt)).toList();
        List<Row> after = new ArrayList<>(valid.subList(before.size(), valid.size()));
        after.add(copied);
        Instant flushAt = start.plus(Duration.ofMinutes(30));
        after.addAll(flush(flushAt));
        return new Interrupted(valid, before, after, copied, flushAt);
    }

    /**
     * Every reading counted exactly once in the rows of both statistics tables, the copy the one
     * rejected reading, the fever alerted from its first reading: nothing lost or doubled across
     * the failure.
     */
    void assertEveryReadingCountedOnce(Interrupted herd) throws SQLException {
        await().atMost(Duration.ofMinutes(6))
                .pollInterval(Duration.ofSeconds(2))
                .untilAsserted(
                        () -> {
                            assertThat(animalRowsBefore(herd.flushAt()))
                                    .isEqualTo(expectedAnimalRows(herd.valid()));
                            assertThat(farmRowsBefore(herd.flushAt()))
                                    .isEqualTo(expectedFarmRows(herd.valid()));
                        });
        assertThat(
                        query(
                                "SELECT reason, convert_from(raw_payload, 'UTF8')::jsonb->>'animalId'"
                                        + " FROM herdpulse.rejected_readings"))
                .containsExactly("DUPLICATE " + herd.copied().animal());
        assertThat(
                        query(
                                "SELECT animal_id, started_at FROM herdpulse.health_alerts"
                                        + " WHERE kind = 'FEVER'"))
                .containsExactly(FEVERISH + " " + timestamp(start.plus(SPACING.multipliedBy(6))));
    }

    /** Sends {@code rows} to the stack's topic with {@code bin/herdpulse produce replay}. */
    void replay(List<Row> rows) {
        Herdpulse.Run replay = herdpulse.run("produce", "replay", csv(rows).toString());
        assertThat(replay.exitCode()).as(replay.stdout() + replay.stderr()).isZero();
    }

    /** Replays {@code rows} and waits until a checkpoint of the job holds every one of them. */
    void replayUntilCheckpointed(List<Row> rows) {
        replay(rows);
        await().atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(500))
                .until(this::everyReadingCheckpointed);
    }

    /**
     * Whether the job's committed offsets reached the end of the topic. Offsets are committed when
     * a checkpoint completes: once they reach the end, a checkpoint holds every reading sent so
     * far, de-duplication ids and open windows included.
     */
    boolean everyReadingCheckpointed() throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        try (Admin admin = Admin.create(config)) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(GROUP)
                            .partitionsToOffsetAndMetadata()
                            .get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(TOPIC))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(TOPIC)
                    .partitions()
                    .forEach(
                            partition ->
                                    latest.put(
                                            new TopicPartition(TOPIC, partition.partition()),
                                            OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            return ends.entrySet().stream()
                    .allMatch(
                            end -> {
                                OffsetAndMetadata offset = committed.get(end.getKey());
                                return end.getValue().offset() == 0
                                        || (offset != null
                                                && offset.offset() >= end.getValue().offset());
                            });
        }
    }
}
