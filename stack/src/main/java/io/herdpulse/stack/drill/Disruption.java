package io.herdpulse.stack.drill;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/** The failure a drill makes during its run; the failure-free run has none. */
interface Disruption {
    String name();

    /** The job's parallelism when the run starts. */
    default int initialParallelism() {
        return DrillRun.PARALLELISM;
    }

    /** The job jar the run starts with, given the current one. */
    default Path initialJar(Path current) {
        return current;
    }

    /**
     * The shares of the simulated readings sent (0 to 1) at which it strikes, ascending; each
     * strike waits for the previous recovery.
     */
    List<Double> moments(SplittableRandom random);

    /** Strikes once and returns when the run has recovered, with what it measured. */
    Recovery strike(DrillRun run);

    /** No failure: the reference run. */
    Disruption NONE =
            new Disruption() {
                @Override
                public String name() {
                    return "failure-free";
                }

                @Override
                public List<Double> moments(SplittableRandom random) {
                    return List.of();
                }

                @Override
                public Recovery strike(DrillRun run) {
                    throw new IllegalStateException("the failure-free run strikes nothing");
                }
            };
}
