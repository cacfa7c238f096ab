package io.herdpulse.producer.simulate;

import io.herdpulse.producer.csv.CsvLine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Episodes a user asks for, from {@code --inject} options or a {@code --scenario} file. Times are
 * ISO-8601 instants, or ISO-8601 durations counted from the simulation's start ({@code P3DT6H}).
 * Where a length or magnitude is not given, it is drawn from the condition's usual range with the
 * run's seed.
 */
public final class Scenario {
    private final Instant start;
    private final SplittableRandom random;

    public Scenario(Instant start, long seed) {
        this.start = start;
        this.random = new SplittableRandom(StableHash.mix(seed ^ 0x5cea10L));
    }

    /**
     * Parses {@code CONDITION:ANIMAL@FROM[/LENGTH]}, e.g. {@code fever:farm-01-cow-007@P3D/PT36H}.
     *
     * @throws IllegalArgumentException with a message naming the bad part
     */
    public Episode injection(String spec) {
        int colon = spec.indexOf(':');
        int at = spec.indexOf('@');
        if (colon < 1 || at < colon + 2 || at == spec.length() - 1) {
            throw new IllegalArgumentException(
                    "--inject '" + spec + "' is not CONDITION:ANIMAL@FROM[/LENGTH]");
        }
        Condition condition = Condition.parse(spec.substring(0, colon));
        String animalId = spec.substring(colon + 1, at);
        String when = spec.substring(at + 1);
        int slash = when.indexOf('/');
        Instant from = time(slash < 0 ? when : when.substring(0, slash));
        Instant to =
                slash < 0
                        ? from.plus(condition.drawLength(random))
                        : from.plus(length(when.substring(slash + 1)));
        return new Episode(animalId, condition, from, to, condition.drawMagnitude(random));
    }

    /**
     * Reads a CSV file with a header naming at least {@code animal_id}, {@code condition} and
     * {@code from}; {@code to} and {@code magnitude} are optional, other columns are ignored (so a
     * ground-truth file is a scenario).
     *
     * @throws IllegalArgumentException naming the line of a bad row
     * @throws UncheckedIOException when the file cannot be read
     */
    public List<Episode> file(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String headerLine = reader.readLine();
            if (headerLine == null) {
                throw new IllegalArgumentException(file + " is empty");
            }
            List<String> header =
                    CsvLine.split(headerLine.replace("\uFEFF", "")).stream()
                            .map(name -> name.toLowerCase(Locale.ROOT))
                            .toList();
            int animal = required(header, "animal_id", file);
            int condition = required(header, "condition", file);
            int from = required(header, "from", file);
            int to = header.indexOf("to");
            int magnitude = header.indexOf("magnitude");
            List<Episode> episodes = new ArrayList<>();
            String line;
            int lineNumber = 1;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    List<String> fields = CsvLine.split(line);
                    if (fields.size() != header.size()) {
                        throw new IllegalArgumentException(
                                "expected " + header.size() + " columns, found " + fields.size());
                    }
                    Condition kind = Condition.parse(fields.get(condition));
                    Instant begins = time(fields.get(from));
                    Instant end =
                            to < 0 || fields.get(to).isEmpty()
                                    ? begins.plus(kind.drawLength(random))
                                    : time(fields.get(to));
                    double strength =
                            magnitude < 0 || fields.get(magnitude).isEmpty()
                                    ? kind.drawMagnitude(random)
                                    : Double.parseDouble(fields.get(magnitude));
                    episodes.add(new Episode(fields.get(animal), kind, begins, end, strength));
                } catch (IllegalArgumentException | DateTimeParseException e) {
                    throw new IllegalArgumentException(
                            file + " line " + lineNumber + ": " + e.getMessage(), e);
                }
            }
            return episodes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenario " + file + ": " + e, e);
        }
    }

    private static int required(List<String> header, String column, Path file) {
        int index = header.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException(
                    file + " has no column " + column + " (header: " + header + ")");
        }
        return index;
    }

    private Instant time(String text) {
        String value = text.trim();
        if (value.startsWith("P") || value.startsWith("p")) {
            return start.plus(length(value));
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'"
                            + text
                            + "' is neither an instant (2026-03-01T06:00:00Z) nor an offset"
                            + " from the start (P3DT6H)");
        }
    }

    private static Duration length(String text) {
        try {
            Duration length = Duration.parse(text.trim());
            if (length.isNegative() || length.isZero()) {
                throw new IllegalArgumentException("length " + text + " must be positive");
            }
            return length;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not an ISO-8601 duration (PT36H, P2D)");
        }
    }
}
