package io.herdpulse.stack.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One failure and how the run came back from it.
 *
 * @param failure what was done, for the report
 * @param struck when it was done
 * @param returned when the failed part was back (a restarted server, a resubmitted job), if the
 *     drill brought it back; empty when the stack's supervisor did
 * @param firstNewRow when the first row written after the failure appeared
 */
record Recovery(String failure, Instant struck, Optional<Instant> returned, Instant firstNewRow) {

    /** Failure to first new row: the recovery time a user waits. */
    Duration time() {
        return Duration.between(struck, firstNewRow);
    }

    String describe() {
        return String.format(
                Locale.ROOT,
                "%s: first new row %.1f s after the failure%s",
                failure,
                seconds(time()),
                returned.map(
                                back ->
                                        String.format(
                                                Locale.ROOT,
                                                ", %.1f s after it was back",
                                                seconds(Duration.between(back, firstNewRow))))
                        .orElse(""));
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
