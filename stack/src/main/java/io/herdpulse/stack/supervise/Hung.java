package io.herdpulse.stack.supervise;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a process that runs is as good as dead: every look has found it wanting for {@link
 * #LIMIT}. A JVM whose heap is full stays alive for minutes, answering nobody while it collects
 * garbage (docs/operations.md, "A herd that outgrows its TaskManager"); one stopped or deadlocked
 * stays so for ever. Only a restart brings either back.
 */
public final class Hung {
    /**
     * Longer than a TaskManager's registration takes after a JobManager's restart or a long
     * collection pause (15–29 s seen on a loaded machine), far shorter than a full heap's agony.
     */
    public static final Duration LIMIT = Duration.ofSeconds(60);

    private final Clock clock;
    private Instant wantingSince;

    public Hung(Clock clock) {
        this.clock = clock;
    }

    /**
     * One look: whether the process runs, and whether it failed this look's check. A process that
     * is gone is not hung but dead, and a look that found nothing wrong starts the count again.
     */
    public boolean hung(boolean running, boolean wanting) {
        if (!running || !wanting) {
            wantingSince = null;
            return false;
        }
        Instant now = clock.instant();
        if (wantingSince == null) {
            wantingSince = now;
        }
        return !now.isBefore(wantingSince.plus(LIMIT));
    }
}
