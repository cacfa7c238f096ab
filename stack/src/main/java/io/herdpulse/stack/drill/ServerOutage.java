package io.herdpulse.stack.drill;

import io.herdpulse.stack.StackException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * {@code postgres} and {@code broker}: a server of the stack stopped for a while, then started
 * again by the drill (the end of the failure, not a repair: {@code stop} removes the pid file, so
 * the supervisor leaves a stopped server alone). The job must ride it out without losing or
 * doubling a row.
 */
final class ServerOutage implements Disruption {
    private final String name;
    private final Duration down;
    private final Runnable stop;
    private final Runnable start;

    ServerOutage(String name, Duration down, Runnable stop, Runnable start) {
        this.name = name;
        this.down = down;
        this.stop = stop;
        this.start = start;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Double> moments(SplittableRandom random) {
        return List.of(random.nextDouble(0.2, 0.6));
    }

    @Override
    public Recovery strike(DrillRun run) {
        Instant stopped = Instant.now();
        stop.run();
        try {
            Thread.sleep(down.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while " + name + " was down", e);
        }
        // Rows count from the start of the restart, not from its end: the job may write its
        // first rows while the drill still waits for the server to be healthy (PostgreSQL's
        // migrations), and no row can reach a stopped server.
        Instant starting = Instant.now();
        start.run();
        Instant back = Instant.now();
        // The job's restarts fail until the server is back: those count towards a crash loop
        // only from then on.
        run.failureOver(back);
        return new Recovery(
                name + " stopped for " + down.toSeconds() + " s",
                stopped,
                Optional.of(back),
                run.awaitNewRow(starting));
    }
}
