package io.herdpulse.stack.drill;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * {@code rescale} and {@code upgrade}: the job stopped with a savepoint mid-run and resumed from
 * it, at another parallelism (1 → 2) or from an older jar to the current one.
 */
final class SavepointRestart implements Disruption {
    private final String name;
    private final Optional<Path> olderJar;

    private SavepointRestart(String name, Optional<Path> olderJar) {
        this.name = name;
        this.olderJar = olderJar;
    }

    /** Starts at parallelism 1, resumes at the stack's 2 slots. */
    static SavepointRestart rescale() {
        return new SavepointRestart("rescale", Optional.empty());
    }

    /** Starts with {@code olderJar}, resumes with the current jar (state matched by uid). */
    static SavepointRestart upgrade(Path olderJar) {
        return new SavepointRestart("upgrade", Optional.of(olderJar));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int initialParallelism() {
        return olderJar.isPresent() ? DrillRun.PARALLELISM : 1;
    }

    @Override
    public Path initialJar(Path current) {
        return olderJar.orElse(current);
    }

    @Override
    public List<Double> moments(SplittableRandom random) {
        return List.of(random.nextDouble(0.2, 0.7));
    }

    @Override
    public Recovery strike(DrillRun run) {
        Instant stopped = Instant.now();
        run.resubmitFromSavepoint(run.currentJar(), DrillRun.PARALLELISM);
        Instant back = Instant.now();
        return new Recovery(
                olderJar.isPresent()
                        ? "stopped with a savepoint of "
                                + olderJar.get().getFileName()
                                + ", resumed with the current jar"
                        : "stopped with a savepoint at parallelism 1, resumed at "
                                + DrillRun.PARALLELISM,
                stopped,
                Optional.of(back),
                run.awaitNewRow(back));
    }
}
