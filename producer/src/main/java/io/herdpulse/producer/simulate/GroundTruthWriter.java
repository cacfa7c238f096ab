package io.herdpulse.producer.simulate;

import io.herdpulse.producer.csv.CsvLine;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the scenario's ground truth as CSV, one episode per line as it starts, flushed at once so
 * a scorer can read the file while the simulation runs:
 *
 * <pre>
 * animal_id,farm_id,condition,from,to,expected_alert,magnitude,detail
 * farm-01-cow-007,farm-01,fever,2026-03-02T06:00:00Z,2026-03-03T18:00:00Z,FEVER,1.6,peak +1.6 C
 * </pre>
 *
 * The same file is a valid {@code --scenario}: replaying it reproduces the same episodes.
 */
public final class GroundTruthWriter implements EpisodeListener, AutoCloseable {
    public static final String HEADER =
            "animal_id,farm_id,condition,from,to,expected_alert,magnitude,detail";

    private final BufferedWriter out;

    public GroundTruthWriter(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            out.write(HEADER);
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ground truth to " + file, e);
        }
    }

    @Override
    public void started(Animal animal, Episode episode) {
        String alert =
                episode.condition().expectedAlert() == null
                        ? ""
                        : episode.condition().expectedAlert().name();
        String line =
                String.join(
                        ",",
                        animal.animalId(),
                        animal.farmId(),
                        episode.condition().label(),
                        episode.from().toString(),
                        episode.to().toString(),
                        alert,
                        Double.toString(episode.magnitude()),
                        CsvLine.quote(episode.detail()));
        try {
            out.write(line);
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ground truth", e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close ground truth file", e);
        }
    }
}
