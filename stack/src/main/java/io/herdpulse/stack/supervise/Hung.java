package io.herdpulse.stack.supervise;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

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
    private OptionalLong watched = OptionalLong.empty();
    private Instant wantingSince;

    public Hung(Clock clock) {
        this.clock = clock;
    }

    /**
     * One look: the process id if the process runs, and whether it failed this look's check. A
     * process that is gone is not hung but dead; a look that found nothing wrong, and a new process
     * (one that is still starting), start the count again.
     */
    public boolean hung(OptionalLong pid, boolean wanting) {
        if (pid.isEmpty() || !wanting || !pid.equals(watched)) {
            watched = pid;
            wantingSince = null;
        }
        if (pid.isEmpty() || !wanting) {
            return false;
        }
        Instant now = clock.instant();
        if (wantingSince == null) {
            wantingSince = now;
        }
        return !now.isBefore(wantingSince.plus(LIMIT));
    }
}
