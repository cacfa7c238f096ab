package io.herdpulse.producer.replay;

import io.herdpulse.model.Reading;
import io.herdpulse.producer.csv.CsvLine;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The readings of a CSV file in DESIGN.md's replay format, in file order, streamed line by line so
 * a file of any size takes constant memory.
 *
 * <p>The header names the columns, in any order: {@code timestamp, farm_id, animal_id, sensor_id,
 * rumen_temp_c, activity, rumination_min} are required, {@code water_intake_l, rumen_ph,
 * reading_id, schema_version} optional. Values are passed on as they are, out of range or not: the
 * job validates them. Only a row that cannot become a reading at all (wrong column count, a
 * non-number where a number belongs, an unparseable time, an empty required value, an id that is
 * not UTF-8) is skipped and reported with its line number.
 */
public final class CsvReadings implements Iterator<Reading>, AutoCloseable {
    static final List<String> REQUIRED =
            List.of(
                    "timestamp",
                    "farm_id",
                    "animal_id",
                    "sensor_id",
                    "rumen_temp_c",
                    "activity",
                    "rumination_min");
    static final List<String> OPTIONAL =
            List.of("water_intake_l", "rumen_ph", "reading_id", "schema_version");

    /**
     * A longer line is skipped unread: held whole it could exhaust the heap, and as a record it
     * would exceed the Kafka client's max.request.size of 1 MiB anyway (a shorter one can too, its
     * characters escaped in JSON: Kafka refuses it, and the replay skips it then).
     */
    static final int MAX_LINE_CHARS = 1 << 20;

    /**
     * A latest reading further ahead of now than this is a placeholder ({@code 9999-12-31}), not a
     * reading: rebasing to it would move every real one centuries into the past. Old placeholders
     * ({@code 1970-01-01}, a reset clock) do not matter: the shift follows the latest alone.
     */
    static final Duration MAX_AHEAD = Duration.ofDays(365);

    private final Path file;
    private final CountingStream counted;
    private final BufferedReader reader;
    private final long fileBytes;
    private final Duration shift;
    private final Consumer<SkippedRow> skipped;
    private final int columns;
    private final int timestamp;
    private final int farm;
    private final int animal;
    private final int sensor;
    private final int temp;
    private final int activity;
    private final int rumination;
    private final int water;
    private final int ph;
    private final int readingId;
    private final int schemaVersion;
    private final List<String> unknownColumns = new ArrayList<>();
    private final StringBuilder lineBuffer = new StringBuilder();

    /** Lines read ahead for a quoted field that did not close, to be read again as records. */
    private final Deque<String> readAgain = new ArrayDeque<>();

    /** The first line of the record read last. */
    private long line = 1;

    /** The lines read, the header included, less those to read again. */
    private long linesRead = 1;

    private Reading next;

    /**
     * Opens the file and reads its header.
     *
     * @param shift added to every timestamp ({@code --rebase-time}); the id stays that of the row
     *     as written
     * @param skipped told of every row that is skipped
     * @throws IllegalArgumentException when the header lacks a required column
     * @throws UncheckedIOException when the file cannot be read
     */
    public CsvReadings(Path file, Duration shift, Consumer<SkippedRow> skipped) {
        this.file = file;
        this.shift = shift;
        this.skipped = skipped;
        try {
            this.fileBytes = Files.size(file);
            this.counted = new CountingStream(Files.newInputStream(file));
            this.reader =
                    new BufferedReader(
                            new InputStreamReader(counted, StandardCharsets.UTF_8), 1 << 16);
            String headerLine = readLine();
            if (headerLine == null) {
                throw new IllegalArgumentException(file + " is empty: expected a header row");
            }
            if (headerLine == TOO_LONG) {
                reader.close();
                throw new IllegalArgumentException(
                        file
                                + ": line 1, the header, is longer than "
                                + MAX_LINE_CHARS
                                + " characters");
            }
            List<String> header =
                    CsvLine.split(headerLine.replace("\uFEFF", "")).stream()
                            .map(name -> name.toLowerCase(Locale.ROOT))
                            .toList();
            List<String> missing =
                    REQUIRED.stream().filter(name -> !header.contains(name)).toList();
            if (!missing.isEmpty()) {
                reader.close();
                throw new IllegalArgumentException(
                        file
                                + ": the header lacks "
                                + String.join(", ", missing)
                                + " (it has "
                                + String.join(",", header)
                                + ")");
            }
            header.stream()
                    .filter(name -> !REQUIRED.contains(name) && !OPTIONAL.contains(name))
                    .forEach(unknownColumns::add);
            columns = header.size();
            timestamp = header.indexOf("timestamp");
            farm = header.indexOf("farm_id");
            animal = header.indexOf("animal_id");
            sensor = header.indexOf("sensor_id");
            temp = header.indexOf("rumen_temp_c");
            activity = header.indexOf("activity");
            rumination = header.indexOf("rumination_min");
            water = header.indexOf("water_intake_l");
            ph = header.indexOf("rumen_ph");
            readingId = header.indexOf("reading_id");
            schemaVersion = header.indexOf("schema_version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The latest timestamp of the file's mappable rows, to rebase it to now; a first pass over the
     * file, in constant memory.
     *
     * @throws IllegalArgumentException when it is more than {@link #MAX_AHEAD} after {@code now}
     */
    public static Instant latestTimestamp(Path file, Instant now) {
        Instant latest = null;
        try (CsvReadings readings = new CsvReadings(file, Duration.ZERO, row -> {})) {
            while (readings.hasNext()) {
                Instant time = readings.next().timestamp();
                if (latest == null || time.isAfter(latest)) {
                    latest = time;
                }
            }
        }
        if (latest == null) {
            throw new IllegalArgumentException(file + " has no row with a readable timestamp");
        }
        if (latest.isAfter(now.plus(MAX_AHEAD))) {
            throw new IllegalArgumentException(
                    file
                            + ": its latest reading, "
                            + latest
                            + ", is more than a year ahead, too far to rebase to: a placeholder?"
                            + " Remove that row, or replay without --rebase-time");
        }
        return latest;
    }

    /** Header columns replay does not know; they are ignored. */
    public List<String> unknownColumns() {
        return List.copyOf(unknownColumns);
    }

    /** The line number of the row read last (the header is line 1). */
    public long line() {
        return line;
    }

    /** How much of the file has been read, 0 to 1. */
    public double fractionRead() {
        return fileBytes == 0 ? 1 : Math.min(1, (double) counted.count / fileBytes);
    }

    @Override
    public boolean hasNext() {
        try {
            String text;
            while (next == null && (text = readRecord()) != null) {
                if (text == TOO_LONG) {
                    skip(SkippedRow.LINE_TOO_LONG, "longer than " + MAX_LINE_CHARS + " characters");
                } else if (text == QUOTE_TOO_LONG) {
                    skip(
                            SkippedRow.LINE_TOO_LONG,
                            "a quoted field open for more than "
                                    + MAX_LINE_CHARS
                                    + " characters; the lines after it are read as rows");
                } else if (!text.isBlank()) {
                    next = map(text);
                }
            }
            return next != null;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read " + file + " after line " + line + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Reading next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Reading reading = next;
        next = null;
        return reading;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The next record, {@link #line} set to its first line: a line, joined by {@code \n} with the
     * lines after it while a quoted field is open (RFC 4180; spreadsheets write line breaks in a
     * cell). A quote the end of the file leaves open, or whose lines do not make a row of the
     * header's columns, is a stray quote on the first line: that line alone is the record (skipped
     * as bad quoting) and the lines after it are read again. So is one open for more than {@link
     * #MAX_LINE_CHARS}, then {@link #QUOTE_TOO_LONG}.
     */
    private String readRecord() throws IOException {
        String first = nextLine();
        line = linesRead;
        if (first == null || first == TOO_LONG || !CsvLine.togglesQuote(first)) {
            return first;
        }
        List<String> after = new ArrayList<>();
        StringBuilder record = new StringBuilder(first);
        boolean open = true;
        boolean tooLong = false;
        while (open) {
            String more = nextLine();
            if (more == null) {
                break;
            }
            after.add(more);
            tooLong = more == TOO_LONG || record.length() + 1 + more.length() > MAX_LINE_CHARS;
            if (tooLong) {
                break;
            }
            record.append('\n').append(more);
            open = CsvLine.togglesQuote(more) != open;
        }
        if (!open && splitsIntoColumns(record.toString())) {
            return record.toString();
        }
        for (int i = after.size() - 1; i >= 0; i--) {
            readAgain.push(after.get(i));
        }
        linesRead -= after.size();
        return tooLong ? QUOTE_TOO_LONG : first;
    }

    private boolean splitsIntoColumns(String record) {
        try {
            return CsvLine.split(record).size() == columns;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The next line, read again or from the file, as {@link #readLine}. */
    private String nextLine() throws IOException {
        String text = readAgain.isEmpty() ? readLine() : readAgain.pop();
        if (text != null) {
            linesRead++;
        }
        return text;
    }

    /**
     * The next line without its terminator (\n, \r\n or \r, as {@link BufferedReader#readLine}),
     * {@link #TOO_LONG} for a line over {@link #MAX_LINE_CHARS}, read to its end but not kept, or
     * null at the end of the file.
     */
    private String readLine() throws IOException {
        lineBuffer.setLength(0);
        boolean tooLong = false;
        int c;
        while ((c = reader.read()) >= 0) {
            if (c == '\n') {
                break;
            }
            if (c == '\r') {
                reader.mark(1);
                if (reader.read() != '\n') {
                    reader.reset();
                }
                break;
            }
            if (lineBuffer.length() < MAX_LINE_CHARS) {
                lineBuffer.append((char) c);
            } else {
                tooLong = true;
            }
        }
        if (c < 0 && lineBuffer.isEmpty() && !tooLong) {
            return null;
        }
        return tooLong ? TOO_LONG : lineBuffer.toString();
    }

    /** The row as a reading, or null (reported) when it cannot be one. */
    private Reading map(String text) {
        List<String> fields;
        try {
            fields = CsvLine.split(text);
        } catch (IllegalArgumentException e) {
            return skip(SkippedRow.BAD_QUOTING, e.getMessage());
        }
        if (fields.size() != columns) {
            return skip(
                    SkippedRow.COLUMN_COUNT,
                    "expected " + columns + " columns, found " + fields.size());
        }
        if (Stream.of(farm, animal, sensor, readingId)
                .anyMatch(column -> column >= 0 && fields.get(column).indexOf(UNDECODABLE) >= 0)) {
            // Decoded with replacements, two ids in another encoding would become one. Only the
            // ids: a note in Latin-1 in a column replay ignores costs no reading.
            return skip(SkippedRow.INVALID_UTF8, "an id with bytes that are not UTF-8");
        }
        try {
            String timeText = required(fields, timestamp, "timestamp");
            Instant time;
            try {
                time = ReadingTimes.instantOrLocalAsUtc(timeText);
            } catch (DateTimeParseException e) {
                return skip(SkippedRow.BAD_TIMESTAMP, "unreadable timestamp '" + timeText + "'");
            } catch (ReadingTimes.LeapSecond e) {
                return skip(
                        SkippedRow.BAD_TIMESTAMP,
                        e.getMessage()
                                + ": the contract's instants have none, and read as :59 it"
                                + " would take the id of the reading a second earlier");
            }
            String farmId = fields.get(farm);
            String animalId = fields.get(animal);
            String id = optional(fields, readingId);
            String version = optional(fields, schemaVersion);
            String waterText = optional(fields, water);
            String phText = optional(fields, ph);
            return new Reading(
                    version == null ? Reading.SCHEMA_VERSION : Integer.parseInt(version),
                    id == null ? ReadingIds.derive(farmId, animalId, time) : id,
                    farmId,
                    animalId,
                    fields.get(sensor),
                    time.plus(shift),
                    number(required(fields, temp, "rumen_temp_c")),
                    number(required(fields, activity, "activity")),
                    number(required(fields, rumination, "rumination_min")),
                    waterText == null ? null : number(waterText),
                    phText == null ? null : number(phText));
        } catch (EmptyValue e) {
            return skip(SkippedRow.EMPTY_VALUE, e.getMessage());
        } catch (DateTimeParseException e) {
            return skip(
                    SkippedRow.BAD_TIMESTAMP, "unreadable timestamp '" + e.getParsedString() + "'");
        } catch (DateTimeException e) {
            return skip(SkippedRow.BAD_TIMESTAMP, "a timestamp out of range once shifted");
        } catch (NumberFormatException e) {
            return skip(SkippedRow.BAD_NUMBER, "not a number: " + e.getMessage());
        }
    }

    /**
     * A decimal number as JSON writes one, or {@code NaN} and {@code Infinity}, which the job
     * rejects as out of range; not Java's other forms ({@code 0x1.3Cp5}, {@code 39.5d}), which the
     * same text sent as JSON could not be.
     */
    private static double number(String text) {
        if (!NUMBER.matcher(text).matches()) {
            throw new NumberFormatException("'" + text + "'");
        }
        return Double.parseDouble(text);
    }

    /** Each digit read one way only: a line of a million digits takes linear time. */
    private static final Pattern NUMBER =
            Pattern.compile("[+-]?(NaN|Infinity|(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?)");

    private Reading skip(String reason, String detail) {
        skipped.accept(new SkippedRow(line, reason, detail));
        return null;
    }

    private static String required(List<String> fields, int index, String column) {
        String value = fields.get(index);
        if (value.isEmpty()) {
            throw new EmptyValue(column + " is empty");
        }
        return value;
    }

    private static String optional(List<String> fields, int index) {
        return index < 0 || fields.get(index).isEmpty() ? null : fields.get(index);
    }

    /** What the UTF-8 decoder puts for bytes it cannot read. */
    private static final char UNDECODABLE = '\uFFFD';

    /** Compared by reference: no line read is this instance. */
    private static final String TOO_LONG = new String("line too long");

    /** Compared by reference: no record read is this instance. */
    private static final String QUOTE_TOO_LONG = new String("quoted field too long");

    private static final class EmptyValue extends RuntimeException {
        EmptyValue(String message) {
            super(message, null, false, false);
        }
    }

    /** Counts the bytes read, for progress and ETA by file position. */
    private static final class CountingStream extends FilterInputStream {
        private volatile long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
