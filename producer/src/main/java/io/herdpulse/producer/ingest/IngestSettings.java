package io.herdpulse.producer.ingest;

import java.time.Duration;

/**
 * How the HTTP ingestion listens and what it accepts; the defaults are those of the {@code serve}
 * command's options.
 *
 * @param maxBodyBytes a larger body is answered 413 without being parsed
 * @param maxReadings a body with more elements is answered 413, none of it published
 * @param maxConcurrentRequests requests beyond this many at once are answered 429
 * @param bodyTimeout how long a request's body may take to arrive once its turn has come; a slower
 *     one's connection is closed, so that clients trickling bodies cannot hold every turn
 * @param maxFuture how far ahead of the server's clock a reading's timestamp may be (the job's
 *     rule)
 * @param ackTimeout how long a request waits for Kafka's acknowledgement before it is answered 503
 * @param token the bearer token every request must carry, null for none
 */
public record IngestSettings(
        String host,
        int port,
        int maxBodyBytes,
        int maxReadings,
        int maxConcurrentRequests,
        Duration bodyTimeout,
        Duration maxFuture,
        Duration ackTimeout,
        String token) {

    @Override
    public String toString() {
        // Never print the token.
        return "IngestSettings[%s:%d, body <= %d bytes, <= %d readings, <= %d requests at once, token %s]"
                .formatted(
                        host,
                        port,
                        maxBodyBytes,
                        maxReadings,
                        maxConcurrentRequests,
                        token == null ? "none" : "required");
    }
}
