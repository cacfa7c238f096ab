package io.herdpulse.producer.ingest;

import java.time.Duration;

/**
 * The JDK HTTP server's own limits on clients that connect and then send their request slowly or
 * not at all, for this JVM's servers (the ingest endpoint and {@code /metrics}).
 *
 * <p>The JDK reads a request's line and headers on a handler thread before {@link IngestServer}
 * sees it, and by default waits for them for ever, with no limit on connections: a client sending
 * one byte per connection held a thread each until the JVM could start no more (found by review,
 * 2026-12-05). Only when {@code /metrics} was served did Prometheus' server set a limit for the
 * JVM, of 60 s, which also cut any body slower than that whatever {@code --body-timeout} said.
 *
 * <p>The price of a limit on connections: a client holding all of them keeps every base station
 * out, and {@code /healthz} with them, until the JDK closes them ({@link #HEADERS} and the body's
 * time without a whole request); without it, each held a thread for ever.
 *
 * <p>The JDK reads these once, when the JVM's first server starts: {@link #apply} must come first.
 */
public final class ServerLimits {
    /** How long a request's line and headers may take, before its body's own timeout. */
    static final Duration HEADERS = Duration.ofSeconds(10);

    /**
     * Connections open at once per request allowed at once (1,024 at the default 16), idle ones
     * included: base stations keep theirs open between requests. One beyond is closed at once.
     */
    static final int CONNECTIONS_PER_REQUEST = 64;

    private ServerLimits() {}

    /**
     * A request has {@link #HEADERS} and then its body timeout to arrive whole, its answer its
     * acknowledgement timeout and {@link #HEADERS} more to be sent (the JDK counts the handler's
     * wait for Kafka in it: Prometheus' limit of 10 min closed a request waiting on a longer
     * --delivery-timeout unanswered), and {@link #connections} may be open.
     */
    public static void apply(IngestSettings settings) {
        System.setProperty(
                "sun.net.httpserver.maxReqTime",
                Long.toString(secondsUp(HEADERS.plus(settings.bodyTimeout()))));
        System.setProperty(
                "sun.net.httpserver.maxRspTime",
                Long.toString(secondsUp(HEADERS.plus(settings.ackTimeout()))));
        System.setProperty(
                "jdk.httpserver.maxConnections",
                Integer.toString(connections(settings.maxConcurrentRequests())));
    }

    static int connections(int maxConcurrentRequests) {
        return (int)
                Math.min(Integer.MAX_VALUE, (long) CONNECTIONS_PER_REQUEST * maxConcurrentRequests);
    }

    private static long secondsUp(Duration duration) {
        return duration.plusNanos(999_999_999).getSeconds();
    }
}
