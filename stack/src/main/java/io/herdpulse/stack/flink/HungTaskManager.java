package io.herdpulse.stack.flink;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Whether a TaskManager whose process runs is as good as dead: an answering JobManager has not had
 * it registered for {@link #LIMIT}. A TaskManager whose heap is full stops answering heartbeats and
 * stays alive, unregistered and busy collecting garbage for minutes (docs/operations.md, "A herd
 * that outgrows its TaskManager"); one stopped or deadlocked stays so for ever. Either leaves the
 * job without its standby, and only a restart brings it back.
 */
public final class HungTaskManager {
    /**
     * Longer than a registration takes after a JobManager's restart or a long collection pause
     * (seconds; 15–29 s seen on a loaded machine), far shorter than a full heap's agony.
     */
    public static final Duration LIMIT = Duration.ofSeconds(60);

    private final String resourceId;
    private final Clock clock;
    private Instant unregisteredSince;

    public HungTaskManager(String resourceId, Clock clock) {
        this.resourceId = resourceId;
        this.clock = clock;
    }

    /**
     * One look: {@code registered} is the JobManager's list of TaskManagers, empty when it did not
     * answer (which says nothing of this TaskManager).
     */
    public boolean hung(boolean running, Optional<List<String>> registered) {
        if (!running || registered.isEmpty() || registered.get().contains(resourceId)) {
            unregisteredSince = null;
            return false;
        }
        Instant now = clock.instant();
        if (unregisteredSince == null) {
            unregisteredSince = now;
        }
        return !now.isBefore(unregisteredSince.plus(LIMIT));
    }
}
