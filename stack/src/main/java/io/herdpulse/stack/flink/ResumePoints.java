package io.herdpulse.stack.flink;

import io.herdpulse.stack.StackException;
import io.herdpulse.stack.process.WholeFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the stack's job resumes from, in two files under {@code data/flink} that outlive every
 * process: {@code wanted-job} names the job whose state is the stack's (its id, and where it was
 * itself resumed from), {@code last-savepoint} the savepoint (or retained checkpoint) its state was
 * handed over to when it ended. Each move writes the new file before it deletes the old one, so a
 * command interrupted between the two leaves the newer state named.
 */
final class ResumePoints {
    private final Path wanted;
    private final Path handedOver;
    private final Path checkpoints;

    ResumePoints(Path flinkData) {
        this.wanted = flinkData.resolve("wanted-job");
        this.handedOver = flinkData.resolve("last-savepoint");
        this.checkpoints = flinkData.resolve("checkpoints");
    }

    /** The job the stack runs (or ran, and should run again). */
    Optional<String> wantedJobId() {
        return wantedLines().map(lines -> lines.get(0));
    }

    /**
     * Where the next submission resumes: the state the last job handed over; else the wanted job's
     * newest retained checkpoint; else, when it completed none (it failed from its start, say for
     * want of memory), where that job itself resumed from.
     */
    Optional<String> forNextSubmission() {
        return handedOverState().or(() -> wantedJobId().flatMap(this::stateOf));
    }

    /** The job {@code id}, resumed from {@code from}, now holds the stack's state. */
    void submitted(String id, Optional<String> from) {
        write(wanted, from.map(path -> id + "\n" + path).orElse(id));
        delete(handedOver);
    }

    /**
     * The job {@code id}, which the stack did not submit (a {@code flink run} cut short before it
     * printed the id, a user's own), runs now: it becomes the wanted one. Where it resumed from is
     * not known; the state named so far stands in for it, should it complete no checkpoint. A named
     * state that is gone is no reason to refuse a job that runs.
     */
    void adopted(String id) {
        Optional<String> named =
                read(handedOver)
                        .map(lines -> recorded(lines.get(0)))
                        .or(() -> wantedJobId().flatMap(this::stateOf));
        submitted(id, named);
    }

    /** The job stopped with its state in the savepoint {@code path}, for the next submission. */
    void stoppedWithSavepoint(String path) {
        write(handedOver, path);
        delete(wanted);
    }

    /**
     * The job {@code id} was cancelled: its newest retained checkpoint (or, with none, where it
     * resumed from) is kept for the next submission.
     */
    void cancelled(String id) {
        stateOf(id).ifPresent(path -> write(handedOver, path));
        delete(wanted);
    }

    private Optional<String> stateOf(String id) {
        Optional<String> resumedFrom =
                wantedLines()
                        .filter(lines -> lines.get(0).equals(id) && lines.size() > 1)
                        .map(lines -> recorded(lines.get(1)));
        return newestCheckpointOf(id).or(() -> resumedFrom);
    }

    /**
     * A named state that is gone is an error, not a fresh start: starting without it would lose the
     * de-duplication ids and open windows unnoticed.
     */
    private Optional<String> handedOverState() {
        return read(handedOver)
                .map(
                        lines -> {
                            String path = recorded(lines.get(0));
                            if (!Files.exists(Path.of(path.replaceFirst("^file:", "")))) {
                                throw new StackException(
                                        handedOver
                                                + " names "
                                                + path
                                                + ", which is gone; write the state to resume"
                                                + " from in that file (savepoints are in "
                                                + handedOver.resolveSibling("savepoints")
                                                + "), or delete it to start the job without its"
                                                + " state");
                            }
                            return path;
                        });
    }

    /** The completed checkpoint with the highest number that the job retained. */
    private Optional<String> newestCheckpointOf(String id) {
        Path jobDir = checkpoints.resolve(id);
        if (!Files.isDirectory(jobDir)) {
            return Optional.empty();
        }
        try (Stream<Path> retained = Files.list(jobDir)) {
            return retained.filter(dir -> dir.getFileName().toString().startsWith("chk-"))
                    .filter(dir -> Files.isRegularFile(dir.resolve("_metadata")))
                    .max(
                            Comparator.comparingLong(
                                    dir ->
                                            Long.parseLong(
                                                    dir.getFileName().toString().substring(4))))
                    .map(ResumePoints::asFlinkReadsIt);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A state as a file names it, as Flink reads it. Before 2026-12-05 a retained checkpoint was
     * written as a URI, escaped ({@code file:///My%20Projects/…}), which Flink's {@code Path}
     * escapes once more: decoded here, so a stack home with a space or a letter outside ASCII
     * resumes from what those versions recorded. Anything else ({@code flink stop}'s {@code
     * file:/…}) is as Flink printed it.
     */
    private static String recorded(String path) {
        if (!path.startsWith("file://")) {
            return path;
        }
        try {
            return asFlinkReadsIt(Path.of(URI.create(path)));
        } catch (IllegalArgumentException notAUri) {
            return path;
        }
    }

    /**
     * Unescaped: Flink's {@code Path(String)} escapes what it is given, so a URI's {@code %20}
     * would name a directory called {@code %20}, and the restore would fail at every resubmission.
     */
    private static String asFlinkReadsIt(Path dir) {
        return "file:" + dir.toAbsolutePath();
    }

    private Optional<List<String>> wantedLines() {
        return read(wanted);
    }

    private static Optional<List<String>> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            List<String> lines =
                    Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                            .map(String::trim)
                            .filter(line -> !line.isEmpty())
                            .toList();
            return lines.isEmpty() ? Optional.empty() : Optional.of(lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whole or not at all: a half-written file would name no state. */
    private static void write(Path file, String content) {
        try {
            WholeFile.replace(file, content + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
