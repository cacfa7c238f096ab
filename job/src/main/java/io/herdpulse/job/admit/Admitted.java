package io.herdpulse.job.admit;

import io.herdpulse.model.Reading;

/**
 * A valid reading seen for the first time (within the de-duplication horizon), without its Kafka
 * position and bytes, which only a rejection needs.
 *
 * @param late too late for its window: already rejected as LATE, so the windows leave it out, but
 *     the alert rules, which work on single readings, still see it
 */
public record Admitted(Reading reading, boolean late) {

    public boolean onTime() {
        return !late;
    }
}
