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
 * @param back when the job was back: its first row written after the failure, or its first
 *     checkpoint when it had nothing left to write
 */
record Recovery(String failure, Instant struck, Optional<Instant> returned, Back back) {

    /**
     * When the job was back after a failure, and by what sign.
     *
     * @param sign "first new row", or the first checkpoint when there was nothing left to write
     */
    record Back(Instant at, String sign) {}

    /** Failure to first new row: the recovery time a user waits. */
    Duration time() {
        return Duration.between(struck, back.at());
    }

    String describe() {
        return String.format(
                Locale.ROOT,
                "%s: %s %.1f s after the failure%s",
                failure,
                back.sign(),
                seconds(time()),
                returned.map(
                                server ->
                                        String.format(
                                                Locale.ROOT,
                                                ", %.1f s after it was back",
                                                seconds(Duration.between(server, back.at()))))
                        .orElse(""));
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
