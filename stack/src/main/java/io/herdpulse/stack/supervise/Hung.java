package io.herdpulse.stack.supervise;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

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

    /** A running process as one look saw it. */
    public record Seen(long pid, Instant started) {}

    private final Clock clock;
    private final Duration starting;
    private Optional<Seen> watched = Optional.empty();
    private boolean answered;
    private Instant wantingSince;

    /**
     * @param starting how long the process may take to start: until then, unless it has passed a
     *     look already, it is starting, not hung (a broker recovering its logs answers nobody)
     */
    public Hung(Clock clock, Duration starting) {
        this.clock = clock;
        this.starting = starting;
    }

    /**
     * One look: the process if it runs, and whether it failed this look's check. A process that is
     * gone is not hung but dead; a look that found nothing wrong, and a new process, start the
     * count again. The count runs from the first failed look, and for a process that has passed no
     * look yet from no earlier than the end of its start.
     */
    public boolean hung(Optional<Seen> running, boolean wanting) {
        // The start too: a new process may get the old one's pid.
        if (!running.equals(watched)) {
            watched = running;
            answered = false;
            wantingSince = null;
        }
        if (running.isEmpty()) {
            return false;
        }
        if (!wanting) {
            answered = true;
            wantingSince = null;
            return false;
        }
        Instant now = clock.instant();
        if (wantingSince == null) {
            wantingSince = now;
        }
        Instant startedUp = running.get().started().plus(starting);
        Instant countedFrom =
                answered || wantingSince.isAfter(startedUp) ? wantingSince : startedUp;
        return !now.isBefore(countedFrom.plus(LIMIT));
    }
}
