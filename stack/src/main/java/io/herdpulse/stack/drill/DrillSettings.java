package io.herdpulse.stack.drill;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One drill invocation's options, checked; the defaults live in {@link DrillCommand}.
 *
 * @param readings simulated readings each run sends (the hostile ones come on top)
 * @param seed picks the herd's conditions, the bad and late messages and the failure moments
 * @param rate readings per second the simulator sends while the job consumes
 * @param postgresDown how long PostgreSQL stays stopped in the {@code postgres} drill
 * @param brokerDown how long the broker stays stopped in the {@code broker} drill
 * @param kills how often the {@code taskmanager} drill kills the TaskManager
 * @param fromJar the older job jar of the {@code upgrade} drill; empty: HEAD~1's, built once
 * @param keep leave the drill's topics and databases for a look afterwards
 */
public record DrillSettings(
        long readings,
        long seed,
        double rate,
        Duration postgresDown,
        Duration brokerDown,
        int kills,
        Optional<Path> fromJar,
        boolean keep) {}
