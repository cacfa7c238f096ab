package io.herdpulse.alerts.scoring;

import io.herdpulse.model.AlertKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The producer's ground truth, read from its CSV as any scorer would: {@code
 * animal_id,farm_id,condition,from,to,expected_alert,magnitude,detail}, one line per condition.
 */
public final class GroundTruth {
    static final String HEADER = "animal_id,farm_id,condition,from,to,expected_alert,magnitude";

    /**
     * One injected condition.
     *
     * @param expected the alert it should raise, null for a pure sensor fault
     * @param from the first affected event time; {@code to} is exclusive
     */
    public record Episode(
            String animalId,
            String farmId,
            String condition,
            Instant from,
            Instant to,
            AlertKind expected,
            double magnitude) {}

    private GroundTruth() {}

    public static List<Episode> read(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).startsWith(HEADER)) {
                throw new IllegalArgumentException(file + " is not a ground-truth file");
            }
            return lines.stream().skip(1).map(GroundTruth::episode).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The seven leading columns hold no commas; the quoted detail after them is not needed. */
    private static Episode episode(String line) {
        String[] cells = line.split(",", 8);
        return new Episode(
                cells[0],
                cells[1],
                cells[2],
                Instant.parse(cells[3]),
                Instant.parse(cells[4]),
                cells[5].isEmpty() ? null : AlertKind.valueOf(cells[5]),
                Double.parseDouble(cells[6]));
    }
}
