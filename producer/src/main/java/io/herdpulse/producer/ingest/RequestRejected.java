package io.herdpulse.producer.ingest;

import java.util.Map;

/**
 * A request answered as a whole with an error, before or instead of looking at its readings.
 *
 * @param status the HTTP status
 * @param error a stable name a client can branch on
 * @param headers extra response headers (Retry-After, WWW-Authenticate)
 */
final class RequestRejected extends Exception {
    final int status;
    final String error;
    final Map<String, String> headers;

    RequestRejected(int status, String error, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.error = error;
        this.headers = headers;
    }

    RequestRejected(int status, String error, String detail) {
        this(status, error, detail, Map.of());
    }
}
