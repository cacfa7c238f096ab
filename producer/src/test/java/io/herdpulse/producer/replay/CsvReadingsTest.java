package io.herdpulse.producer.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.herdpulse.model.Reading;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class CsvReadingsTest {
    private static final String HEADER =
            "timestamp,farm_id,animal_id,sensor_id,rumen_temp_c,activity,rumination_min,"
                    + "water_intake_l,rumen_ph,reading_id";

    @TempDir Path dir;

    @Test
    void mapsEveryColumnOfTheDesignFormat() throws Exception {
        Path file =
                csv(
                        HEADER,
                        "2026-03-01T10:20:00Z,farm-1,cow-7,bolus-7,39.1,12.5,7,14.2,6.3,"
                                + "6f1c2a4e-8d0b-4b7e-9a51-3c2d1e0f9a8b",
                        "2026-03-01T10:30:00Z,farm-1,cow-7,bolus-7,38.9,3,4,,,");

        List<Reading> readings = readAll(file, Duration.ZERO, new ArrayList<>());

        assertThat(readings)
                .containsExactly(
                        new Reading(
                                1,
                                "6f1c2a4e-8d0b-4b7e-9a51-3c2d1e0f9a8b",
                                "farm-1",
                                "cow-7",
                                "bolus-7",
                                Instant.parse("2026-03-01T10:20:00Z"),
                                39.1,
                                12.5,
                                7.0,
                                14.2,
                                6.3),
                        new Reading(
                                1,
                                expectedId("farm-1", "cow-7", "2026-03-01T10:30:00Z"),
                                "farm-1",
                                "cow-7",
                                "bolus-7",
                                Instant.parse("2026-03-01T10:30:00Z"),
                                38.9,
                                3.0,
                                4.0,
                                null,
                                null));
    }

    @Test
    void columnsMayComeInAnyOrderWithoutOptionalOnesAndWithUnknownOnesIgnored() throws Exception {
        Path file =
                csv(
                        "animal_id,timestamp,comment,farm_id,sensor_id,rumination_min,activity,"
                                + "rumen_temp_c,schema_version",
                        "cow-1,2026-03-01 10:00:00,hello,farm-1,b1,5,6,39,2");

        try (CsvReadings readings = new CsvReadings(file, Duration.ZERO, row -> {})) {
            assertThat(readings.unknownColumns()).containsExactly("comment");
            Reading reading = readings.next();
            assertThat(reading.schemaVersion()).isEqualTo(2);
            assertThat(reading.timestamp()).isEqualTo("2026-03-01T10:00:00Z");
            assertThat(reading.rumenTempC()).isEqualTo(39.0);
            assertThat(reading.activity()).isEqualTo(6.0);
            assertThat(reading.ruminationMin()).isEqualTo(5.0);
        }
    }

    @Test
    void anOffsetIsReadWithOrWithoutItsColonAndAsHoursAlone() throws Exception {
        List<String> written =
                List.of(
                        "2026-03-01T10:20:00Z",
                        "2026-03-01T11:20:00+01:00",
                        "2026-03-01T11:20:00+0100",
                        "2026-03-01 11:20:00+0100",
                        "2026-03-01T11:20:00+01",
                        "2026-03-01T07:50:00-0230",
                        "2026-03-01 10:20:00");
        List<String> lines = new ArrayList<>(List.of(HEADER));
        written.forEach(time -> lines.add(time + ",farm-1,cow-7,b,39.1,1,1,,,"));
        List<SkippedRow> skipped = new ArrayList<>();

        List<Reading> readings = readAll(csv(lines.toArray(String[]::new)), Duration.ZERO, skipped);

        assertThat(skipped).isEmpty();
        assertThat(readings)
                .extracting(Reading::timestamp, Reading::readingId)
                .containsOnly(
                        tuple(
                                Instant.parse("2026-03-01T10:20:00Z"),
                                expectedId("farm-1", "cow-7", "2026-03-01T10:20:00Z")))
                .hasSize(written.size());
    }

    @Test
    void aLeapSecondIsSkippedNotGivenTheIdOfTheSecondBefore() throws Exception {
        Path file =
                csv(
                        HEADER,
                        "2016-12-31T23:59:59Z,farm-1,cow-7,b,39.1,1,1,,,",
                        "2016-12-31T23:59:60Z,farm-1,cow-7,b,39.2,1,1,,,");
        List<SkippedRow> skipped = new ArrayList<>();

        List<Reading> readings = readAll(file, Duration.ZERO, skipped);

        assertThat(readings).extracting(Reading::rumenTempC).containsExactly(39.1);
        assertThat(skipped)
                .containsExactly(
                        new SkippedRow(
                                3,
                                SkippedRow.BAD_TIMESTAMP,
                                "a leap second, '2016-12-31T23:59:60Z': the contract's instants"
                                        + " have none, and read as :59 it would take the id of the"
                                        + " reading a second earlier"));
    }

    @Test
    void theSameRowAlwaysGetsTheSameDerivedIdAndAnotherRowAnother() throws Exception {
        Path file =
                csv(
                        HEADER,
                        "2026-03-01T10:20:00Z,farm-1,cow-7,b,39.1,1,1,,,",
                        "2026-03-01T10:20:00Z,farm-1,cow-8,b,39.1,1,1,,,",
                        "2026-03-01T10:30:00Z,farm-1,cow-7,b,39.1,1,1,,,");

        List<String> first =
                readAll(file, Duration.ZERO, new ArrayList<>()).stream()
                        .map(Reading::readingId)
                        .toList();
        List<String> second =
                readAll(file, Duration.ofDays(3), new ArrayList<>()).stream()
                        .map(Reading::readingId)
                        .toList();

        assertThat(second).isEqualTo(first).doesNotHaveDuplicates();
        assertThat(first.get(0)).isEqualTo(expectedId("farm-1", "cow-7", "2026-03-01T10:20:00Z"));
    }

    @Test
    void rowsThatCannotBeReadingsAreReportedWithTheirLineAndSkipped() throws Exception {
        Path file =
                csv(
                        HEADER,
                        "2026-03-01T10:20:00Z,farm-1,cow-7,b,39.1,1,1,,,",
                        "2026-03-01T10:20:00Z,farm-1,cow-7,b,39.1,1,1,,",
                        "",
                        "yesterday,farm-1,cow-7,b,39.1,1,1,,,",
                        "2026-03-01T10:40:00Z,farm-1,cow-7,b,warm,1,1,,,",
                        "2026-03-01T10:50:00Z,farm-1,cow-7,b,,1,1,,,",
                        "2026-03-01T11:00:00Z,\"farm-1,cow-7,b,39,1,1,,,",
                        "2026-03-01T11:10:00Z,farm-1,cow-7,b,39.2,1,1,,,");
        List<SkippedRow> skipped = new ArrayList<>();

        List<Reading> readings = readAll(file, Duration.ZERO, skipped);

        assertThat(readings).extracting(Reading::rumenTempC).containsExactly(39.1, 39.2);
        assertThat(skipped)
                .containsExactly(
                        new SkippedRow(3, SkippedRow.COLUMN_COUNT, "expected 10 columns, found 9"),
                        new SkippedRow(
                                5, SkippedRow.BAD_TIMESTAMP, "unreadable timestamp 'yesterday'"),
                        new SkippedRow(6, SkippedRow.BAD_NUMBER, "not a number: 'warm'"),
                        new SkippedRow(7, SkippedRow.EMPTY_VALUE, "rumen_temp_c is empty"),
                        new SkippedRow(8, SkippedRow.BAD_QUOTING, "a quoted field is not closed"));
    }

    @Test
    void aQuotedFieldMaySpanLinesAndAStrayQuoteCostsOnlyItsOwnLine() throws Exception {
        Path file =
                csv(
                        HEADER + ",notes",
                        "2026-03-01T10:20:00Z,farm-1,cow-7,b,39.1,1,1,,,,\"milked late,",
                        "then \"\"calm\"\"",
                        "ok\"",
                        "2026-03-01T10:30:00Z,farm-1,cow-7,\"bolus",
                        "7\",39.2,1,1,,,,",
                        "2026-03-01T10:40:00Z,farm-1,cow-7,b,warm,1,1,,,,",
                        "2026-03-01T10:50:00Z,farm-1,cow-7,b,39.3,1,1,,,,\"stray",
                        "2026-03-01T11:00:00Z,farm-1,cow-7,b,39.4,1,1,,,,",
                        "2026-03-01T11:10:00Z,farm-1,cow-7,b,39.5,1,1,,,,a\"b",
                        "2026-03-01T11:20:00Z,farm-1,cow-7,b,39.6,1,1,,,,");
        List<SkippedRow> skipped = new ArrayList<>();

        List<Reading> readings = readAll(file, Duration.ZERO, skipped);

        assertThat(readings)
                .extracting(Reading::rumenTempC, Reading::sensorId)
                .containsExactly(
                        tuple(39.1, "b"),
                        tuple(39.2, "bolus\n7"),
                        tuple(39.4, "b"),
                        tuple(39.6, "b"));
        // Line 9's quote is closed only by line 11's, and the lines between make no row.
        assertThat(skipped)
                .containsExactly(
                        new SkippedRow(7, SkippedRow.BAD_NUMBER, "not a number: 'warm'"),
                        new SkippedRow(8, SkippedRow.BAD_QUOTING, "a quoted field is not closed"),
                        new SkippedRow(
                                10, SkippedRow.BAD_QUOTING, "a quote inside an unquoted field"));
    }

    @Test
    void aQuotedFieldOpenPastTheCapIsSkippedAndTheLinesAfterItAreReadAsRows() throws Exception {
        String row = "2026-03-01T10:20:00Z,farm-1,cow-7,b,39.1,1,1,,,";
        int rows = CsvReadings.MAX_LINE_CHARS / (row.length() + 1) + 1;
        List<String> lines = new ArrayList<>(List.of(HEADER, row + "\"stray"));
        lines.addAll(Collections.nCopies(rows, row));
        Path file = csv(lines.toArray(String[]::new));
        List<SkippedRow> skipped = new ArrayList<>();

        List<Reading> readings = readAll(file, Duration.ZERO, skipped);

        assertThat(readings).hasSize(rows);
        assertThat(skipped)
                .containsExactly(
                        new SkippedRow(
                                2,
                                SkippedRow.LINE_TOO_LONG,
                                "a quoted field open for more than 1048576 characters; the lines"
                                        + " after it are read as rows"));
    }

    @Test
    void aLineWithBytesThatAreNotUtf8IsSkippedAndAQuoteInsideAFieldToo() throws Exception {
        Path file = dir.resolve("latin-1.csv");
        Files.write(
                file,
                (HEADER
                                + "\n2026-03-01T10:20:00Z,farm-1,cow-7,bolus \u00b5,39.1,1,1,,,"
                                + "\n2026-03-01T10:30:00Z,farm-1,cow \"7\",b,39.1,1,1,,,"
                                + "\n2026-03-01T10:40:00Z,farm-1,cow-7,b,39.2,1,1,,,\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
        List<SkippedRow> skipped = new ArrayList<>();

        List<Reading> readings = readAll(file, Duration.ZERO, skipped);

        assertThat(readings).extracting(Reading::rumenTempC).containsExactly(39.2);
        assertThat(skipped)
                .containsExactly(
                        new SkippedRow(
                                2, SkippedRow.INVALID_UTF8, "an id with bytes that are not UTF-8"),
                        new SkippedRow(
                                3, SkippedRow.BAD_QUOTING, "a quote inside an unquoted field"));
    }

    @Test
    void bytesThatAreNotUtf8InAColumnReplayIgnoresCostNoReading() throws Exception {
        Path file = dir.resolve("notes.csv");
        Files.write(
                file,
                (HEADER
                                + ",notes\n2026-03-01T10:20:00Z,farm-1,cow-7,b,39.1,1,1,,,,"
                                + "vach\u00e9e au pr\u00e9")
                        .getBytes(StandardCharsets.ISO_8859_1));
        List<SkippedRow> skipped = new ArrayList<>();

        assertThat(readAll(file, Duration.ZERO, skipped))
                .extracting(Reading::animalId)
                .containsExactly("cow-7");
        assertThat(skipped).isEmpty();
    }

    @Test
    void numbersAreThoseJsonWritesNotJavasOtherForms() throws Exception {
        Path file =
                csv(
                        HEADER,
                        "2026-03-01T10:20:00Z,farm-1,cow-7,b,0x1.3Cp5,1,1,,,",
                        "2026-03-01T10:30:00Z,farm-1,cow-7,b,39.5d,1,1,,,",
                        "2026-03-01T10:40:00Z,farm-1,cow-7,b,39.5,1,1,2F,,",
                        "2026-03-01T11:00:00Z,farm-1,cow-7,b,-.5,+2,1e1,1.,Infinity,");
        List<SkippedRow> skipped = new ArrayList<>();

        List<Reading> readings = readAll(file, Duration.ZERO, skipped);

        assertThat(skipped)
                .extracting(SkippedRow::line, SkippedRow::reason)
                .containsExactly(
                        tuple(2L, SkippedRow.BAD_NUMBER),
                        tuple(3L, SkippedRow.BAD_NUMBER),
                        tuple(4L, SkippedRow.BAD_NUMBER));
        assertThat(readings)
                .singleElement()
                .satisfies(
                        reading -> {
                            assertThat(reading.rumenTempC()).isEqualTo(-0.5);
                            assertThat(reading.activity()).isEqualTo(2.0);
                            assertThat(reading.ruminationMin()).isEqualTo(10.0);
                            assertThat(reading.waterIntakeL()).isEqualTo(1.0);
                            assertThat(reading.rumenPh()).isInfinite();
                        });
    }

    @Test
    // In a thread of its own: a regular expression does not heed an interrupt.
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aNumberOfAMillionDigitsIsToldInLinearTime() throws Exception {
        // A pattern reading a digit two ways took about n squared steps: still running after ten
        // minutes for this line.
        Path file =
                csv(
                        HEADER,
                        "2026-03-01T10:20:00Z,farm-1,cow-7,b,"
                                + "1".repeat(1_000_000)
                                + "x,1,1,,,");
        List<SkippedRow> skipped = new ArrayList<>();

        assertThat(readAll(file, Duration.ZERO, skipped)).isEmpty();
        assertThat(skipped).extracting(SkippedRow::reason).containsExactly(SkippedRow.BAD_NUMBER);
    }

    @Test
    void aTimestampShiftedOutOfRangeIsSkippedNotAFailure() throws Exception {
        Path file =
                csv(
                        HEADER,
                        "-1000000000-01-02T00:00:00Z,farm-1,cow-7,b,39.1,1,1,,,",
                        "2026-03-01T10:20:00Z,farm-1,cow-7,b,39.2,1,1,,,");
        List<SkippedRow> skipped = new ArrayList<>();

        List<Reading> readings = readAll(file, Duration.ofDays(-3), skipped);

        assertThat(readings).extracting(Reading::rumenTempC).containsExactly(39.2);
        assertThat(skipped)
                .containsExactly(
                        new SkippedRow(
                                2,
                                SkippedRow.BAD_TIMESTAMP,
                                "a timestamp out of range once shifted"));
    }

    @Test
    void aLineLongerThanTheCapIsSkippedWithoutBeingHeldAndTheLinesAfterItAreRead()
            throws Exception {
        String prefix = "2026-03-01T10:20:00Z,f,a,";
        String suffix = ",39.2,1,1,,,";
        String longest =
                prefix
                        + "s".repeat(CsvReadings.MAX_LINE_CHARS - prefix.length() - suffix.length())
                        + suffix;
        Path file =
                Files.writeString(
                        dir.resolve("long.csv"),
                        HEADER
                                + "\r\n2026-03-01T10:10:00Z,f,a,b,39.1,1,1,,,\r\n"
                                + prefix
                                + "s".repeat(2_000_000)
                                + ",39.9,1,1,,,\r\n"
                                + longest
                                + "\n2026-03-01T10:30:00Z,f,a,b,39.3,1,1,,,\r\n");
        List<SkippedRow> skipped = new ArrayList<>();

        List<Reading> readings = readAll(file, Duration.ZERO, skipped);

        assertThat(longest).hasSize(CsvReadings.MAX_LINE_CHARS);
        assertThat(readings).extracting(Reading::rumenTempC).containsExactly(39.1, 39.2, 39.3);
        assertThat(skipped)
                .containsExactly(
                        new SkippedRow(
                                3, SkippedRow.LINE_TOO_LONG, "longer than 1048576 characters"));
    }

    @Test
    void valuesOutOfRangeArePassedThroughForTheJobToReject() throws Exception {
        Path file = csv(HEADER, "2026-03-01T10:20:00Z,farm 1!,,b,99.5,-4,600,500,NaN,not-a-uuid");

        Reading reading = readAll(file, Duration.ZERO, new ArrayList<>()).get(0);

        assertThat(reading.farmId()).isEqualTo("farm 1!");
        assertThat(reading.animalId()).isEmpty();
        assertThat(reading.rumenTempC()).isEqualTo(99.5);
        assertThat(reading.activity()).isEqualTo(-4.0);
        assertThat(reading.ruminationMin()).isEqualTo(600.0);
        assertThat(reading.waterIntakeL()).isEqualTo(500.0);
        assertThat(reading.rumenPh()).isNaN();
        assertThat(reading.readingId()).isEqualTo("not-a-uuid");
    }

    @Test
    void rebasingShiftsEveryTimestampSoTheLatestIsTheTarget() throws Exception {
        Path file =
                csv(
                        HEADER,
                        "2026-03-01T10:30:00Z,f,a,b,39,1,1,,,",
                        "2026-03-01T12:00:00Z,f,a,b,39,1,1,,,",
                        "2026-03-01T11:00:00Z,f,a,b,39,1,1,,,");

        Instant latest = CsvReadings.latestTimestamp(file, Instant.now());
        Duration shift = Duration.between(latest, Instant.parse("2026-06-01T00:00:00Z"));
        List<Reading> readings = readAll(file, shift, new ArrayList<>());

        assertThat(latest).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(readings)
                .extracting(Reading::timestamp)
                .containsExactly(
                        Instant.parse("2026-05-31T22:30:00Z"),
                        Instant.parse("2026-06-01T00:00:00Z"),
                        Instant.parse("2026-05-31T23:00:00Z"));
    }

    @Test
    void aHeaderWithoutTheRequiredColumnsCannotBeReplayed() throws Exception {
        Path file = csv("time,farm,animal", "2026-03-01T10:30:00Z,f,a");

        assertThatThrownBy(() -> new CsvReadings(file, Duration.ZERO, row -> {}))
                .hasMessageContaining(
                        "the header lacks timestamp, farm_id, animal_id, sensor_id,"
                                + " rumen_temp_c, activity, rumination_min");
    }

    @Test
    void progressFollowsThePositionInTheFile() throws Exception {
        List<String> lines = new ArrayList<>(List.of(HEADER));
        for (int i = 0; i < 100_000; i++) {
            lines.add("2026-03-01T10:30:00Z,f,a,b,39,1,1,,,");
        }
        Path file = csv(lines.toArray(String[]::new));
        try (CsvReadings readings = new CsvReadings(file, Duration.ZERO, row -> {})) {
            for (int i = 0; i < 50_000; i++) {
                readings.next();
            }
            assertThat(readings.fractionRead()).isBetween(0.45, 0.55);
            assertThat(readings.line()).isEqualTo(50_001);
            readings.forEachRemaining(r -> {});
            assertThat(readings.fractionRead()).isEqualTo(1.0);
        }
    }

    /** The contract's rule, written out here independently of the producer's code. */
    private static String expectedId(String farm, String animal, String timestamp) {
        return UUID.nameUUIDFromBytes(
                        ("herdpulse-reading/" + farm + "/" + animal + "/" + timestamp)
                                .getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private List<Reading> readAll(Path file, Duration shift, List<SkippedRow> skipped) {
        List<Reading> readings = new ArrayList<>();
        try (CsvReadings csv = new CsvReadings(file, shift, skipped::add)) {
            csv.forEachRemaining(readings::add);
        }
        return readings;
    }

    private Path csv(String... lines) throws Exception {
        return Files.write(dir.resolve("readings-" + System.nanoTime() + ".csv"), List.of(lines));
    }
}
