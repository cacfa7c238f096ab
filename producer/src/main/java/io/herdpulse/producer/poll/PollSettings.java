package io.herdpulse.producer.poll;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code poll} reads and how patiently; the defaults are those of the command's options.
 *
 * @param apiUrl the readings endpoint, e.g. {@code http://127.0.0.1:8401/v1/readings}
 * @param pageSize the {@code limit} asked for each page
 * @param maxPageBytes the largest page body taken; a larger one stops the run
 * @param pollInterval the wait before asking again once the API has nothing new
 * @param maxBackoff the longest wait between retries after errors (the first is one second)
 * @param requestTimeout how long one request may take, its whole answer included
 * @param exitWhenCaughtUp stop once the API has nothing new, instead of waiting for more
 * @param stateDir where the cursor and the page in flight are kept
 * @param token a bearer token for the API, null for none
 */
public record PollSettings(
        URI apiUrl,
        int pageSize,
        int maxPageBytes,
        Duration pollInterval,
        Duration maxBackoff,
        Duration requestTimeout,
        boolean exitWhenCaughtUp,
        Path stateDir,
        String token) {

    @Override
    public String toString() {
        // Never print the token.
        return "PollSettings[%s, pages of %d, state in %s, token %s]"
                .formatted(apiUrl, pageSize, stateDir, token == null ? "none" : "set");
    }
}
