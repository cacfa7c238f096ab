package io.herdpulse.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A test class with a stack of its own, up without a simulator, and the herd it replays. */
abstract class ReplayedHerdOnAFreshStack {
    static Herdpulse herdpulse;
    static ReplayedHerd herd;

    @BeforeAll
    static void upWithoutSimulator() {
        herd = ReplayedHerd.onAFreshStack();
        herdpulse = herd.herdpulse();
    }

    @AfterAll
    static void down() {
        herdpulse.downAndPurge();
    }
}
