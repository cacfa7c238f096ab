package io.herdpulse.producer.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.herdpulse.model.validation.ReadingValidator;
import io.herdpulse.model.validation.Verdict;
import io.herdpulse.producer.kafka.publish.KafkaReadiness;
import io.herdpulse.producer.kafka.publish.KeyedValue;
import io.herdpulse.producer.kafka.publish.ReadingPublisher;
import io.herdpulse.producer.kafka.publish.Refusal;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /v1/readings}, {@code GET /healthz} and {@code GET /readyz} on the JDK's own HTTP
 * server.
 *
 * <p>Each element of a request is checked by the job's {@link ReadingValidator}; the valid ones are
 * published, and the answer waits until Kafka acknowledged them: {@code 202} when every element was
 * valid, {@code 400} listing each rejected element with the job's reason otherwise (the valid ones
 * of that request are published all the same: resending them is harmless, the job de-duplicates by
 * id, but a client need not). A reading Kafka refuses for what it is (too large for the topic) is
 * rejected as {@code REFUSED_BY_KAFKA}, not answered {@code 503}: a client told to retry would
 * retry it for ever. A request beyond the limits is answered {@code 413} or {@code 429} and nothing
 * of it is published.
 *
 * <p>While Kafka cannot take readings ({@link KafkaReadiness}), {@code /readyz} answers {@code 503}
 * and so do requests with readings, at once and with nothing of them published, instead of each
 * holding a client and a turn for the delivery timeout. {@code /healthz} says only that the server
 * answers: restarting it would not bring Kafka back.
 *
 * <p>Handler threads are not bounded by a pool: the semaphore is the limit, so a request over it is
 * answered 429 at once instead of waiting in a queue. A request holds its turn while its body
 * arrives, for {@link IngestSettings#bodyTimeout()} at most: then its connection is closed, or a
 * few clients trickling bodies would keep every base station out.
 */
public final class IngestServer implements AutoCloseable {
    public static final String READINGS_PATH = "/v1/readings";
    public static final String HEALTH_PATH = "/healthz";
    public static final String READY_PATH = "/readyz";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The reason of an element Kafka refused for what it is, too large for its topic say. */
    static final String REFUSED_BY_KAFKA = "REFUSED_BY_KAFKA";

    private static final String KAFKA_AWAY =
            "Kafka cannot take readings now (the server's log says why)";

    /** How long a client should wait before retrying a request refused for load or for Kafka. */
    private static final String RETRY_AFTER_SECONDS = "1";

    private final IngestSettings settings;
    private final ReadingValidator validator;
    private final ReadingPublisher publisher;
    private final KafkaReadiness kafka;
    private final Clock clock;
    private final Semaphore permits;
    private final IngestMetrics metrics;
    private final ExecutorService handlers;
    private final ScheduledExecutorService bodyDeadlines =
            Executors.newSingleThreadScheduledExecutor(
                    runnable -> {
                        Thread thread = new Thread(runnable, "herdpulse-ingest-deadlines");
                        thread.setDaemon(true);
                        return thread;
                    });
    private final HttpServer server;

    /**
     * Starts listening at once.
     *
     * @throws UncheckedIOException when the address cannot be bound
     */
    public IngestServer(
            IngestSettings settings,
            ReadingPublisher publisher,
            KafkaReadiness kafka,
            PrometheusRegistry registry,
            Clock clock) {
        this.settings = settings;
        this.validator = new ReadingValidator(settings.maxFuture());
        this.publisher = publisher;
        this.kafka = kafka;
        this.clock = clock;
        this.permits = new Semaphore(settings.maxConcurrentRequests());
        this.metrics =
                new IngestMetrics(
                        registry,
                        () -> settings.maxConcurrentRequests() - permits.availablePermits(),
                        kafka::ready);
        this.handlers =
                Executors.newCachedThreadPool(
                        runnable -> {
                            Thread thread = new Thread(runnable, "herdpulse-ingest");
                            thread.setDaemon(true);
                            return thread;
                        });
        try {
            server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen on "
                            + settings.host()
                            + ":"
                            + settings.port()
                            + " ("
                            + e.getMessage()
                            + "); choose another --port",
                    e);
        }
        server.setExecutor(handlers);
        server.createContext("/", exchange -> answer(exchange, this::route));
        server.start();
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting, lets running requests finish for up to a second, then stops. */
    @Override
    public void close() {
        server.stop(1);
        handlers.shutdown();
        bodyDeadlines.shutdownNow();
    }

    private record Answer(int status, ObjectNode body, Map<String, String> headers) {}

    private interface Route {
        Answer handle(HttpExchange exchange) throws RequestRejected, IOException;
    }

    private Answer route(HttpExchange exchange) throws RequestRejected, IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals(HEALTH_PATH)) {
            requireMethod(method, "GET");
            return new Answer(200, JSON.createObjectNode().put("status", "ok"), Map.of());
        }
        if (path.equals(READY_PATH)) {
            requireMethod(method, "GET");
            if (!kafka.ready()) {
                // Open to all, as /healthz: the reason, with Kafka's address, is in the log only.
                throw new RequestRejected(503, "KAFKA_UNAVAILABLE", KAFKA_AWAY);
            }
            return new Answer(200, JSON.createObjectNode().put("status", "ready"), Map.of());
        }
        if (path.equals(READINGS_PATH)) {
            requireMethod(method, "POST");
            return readings(exchange);
        }
        throw new RequestRejected(
                404, "NOT_FOUND", "no " + path + " here; POST readings to " + READINGS_PATH);
    }

    private Answer readings(HttpExchange exchange) throws RequestRejected, IOException {
        authorize(exchange);
        if (!permits.tryAcquire()) {
            throw new RequestRejected(
                    429,
                    "TOO_MANY_REQUESTS",
                    "more than "
                            + settings.maxConcurrentRequests()
                            + " requests at once; retry later, nothing of this one was published",
                    Map.of("Retry-After", RETRY_AFTER_SECONDS));
        }
        try {
            List<byte[]> elements = RequestBody.elements(body(exchange), settings.maxReadings());
            Instant now = clock.instant();
            List<KeyedValue> valid = new ArrayList<>(elements.size());
            List<Integer> validAt = new ArrayList<>(elements.size());
            List<Rejection> rejections = new ArrayList<>();
            for (int index = 0; index < elements.size(); index++) {
                Verdict verdict = validator.check(null, elements.get(index), now);
                if (verdict instanceof Verdict.Valid ok) {
                    valid.add(KeyedValue.of(ok.reading()));
                    validAt.add(index);
                } else {
                    Verdict.Invalid invalid = (Verdict.Invalid) verdict;
                    metrics.rejected(invalid.reason().name());
                    rejections.add(new Rejection(index, invalid.reason().name(), invalid.detail()));
                }
            }
            if (!kafka.ready() && !valid.isEmpty()) {
                throw kafkaUnavailable(KAFKA_AWAY + "; nothing of this request was published");
            }
            List<Refusal> refusals = awaitAcknowledged(valid);
            for (Refusal refusal : refusals) {
                metrics.rejected(REFUSED_BY_KAFKA);
                rejections.add(
                        new Rejection(
                                validAt.get(refusal.position()),
                                REFUSED_BY_KAFKA,
                                "Kafka refused this reading, which resending cannot change: "
                                        + refusal.reason()));
            }
            metrics.accepted(valid.size() - refusals.size());
            ObjectNode body =
                    JSON.createObjectNode().put("accepted", valid.size() - refusals.size());
            if (rejections.isEmpty()) {
                return new Answer(202, body, Map.of());
            }
            rejections.sort(Comparator.comparingInt(Rejection::index));
            ArrayNode rejected = body.put("rejected", rejections.size()).putArray("rejections");
            for (Rejection rejection : rejections) {
                rejected.addObject()
                        .put("index", rejection.index())
                        .put("reason", rejection.reason())
                        .put("detail", rejection.detail());
            }
            return new Answer(400, body, Map.of());
        } finally {
            permits.release();
        }
    }

    /** One element of a request not published, answered with its reason. */
    private record Rejection(int index, String reason, String detail) {}

    /**
     * @return the readings Kafka refused for what they are, which a resend cannot get in
     */
    private List<Refusal> awaitAcknowledged(List<KeyedValue> valid) throws RequestRejected {
        try {
            return publisher
                    .publish(valid)
                    .get(settings.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw kafkaUnavailable(e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw kafkaUnavailable("no acknowledgement from Kafka within " + settings.ackTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw kafkaUnavailable("the server is stopping");
        }
    }

    private static RequestRejected kafkaUnavailable(String why) {
        return new RequestRejected(
                503,
                "KAFKA_UNAVAILABLE",
                why + "; retry: the readings keep their ids, so a resend is not counted twice",
                Map.of("Retry-After", RETRY_AFTER_SECONDS));
    }

    /** The body, refused with 413 once it passes the limit, whatever Content-Length claimed. */
    private byte[] body(HttpExchange exchange) throws RequestRejected, IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && declared.matches("\\d{1,18}")) {
            if (Long.parseLong(declared) > settings.maxBodyBytes()) {
                throw tooLarge();
            }
        }
        // Closing the exchange ends a read blocked on its connection.
        ScheduledFuture<?> deadline =
                bodyDeadlines.schedule(
                        exchange::close, settings.bodyTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(settings.maxBodyBytes() + 1);
            if (body.length > settings.maxBodyBytes()) {
                throw tooLarge();
            }
            return body;
        } finally {
            deadline.cancel(false);
        }
    }

    private RequestRejected tooLarge() {
        return new RequestRejected(
                413,
                "BODY_TOO_LARGE",
                "the body is larger than "
                        + settings.maxBodyBytes()
                        + " bytes; split it, nothing of it was published");
    }

    private void authorize(HttpExchange exchange) throws RequestRejected {
        if (settings.token() == null) {
            return;
        }
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] expected = ("Bearer " + settings.token()).getBytes(StandardCharsets.UTF_8);
        // Constant time: the comparison must not tell how much of a guess was right.
        if (given == null
                || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
            throw new RequestRejected(
                    401,
                    "UNAUTHORIZED",
                    "this server needs the header Authorization: Bearer <token>",
                    Map.of("WWW-Authenticate", "Bearer realm=\"herdpulse\""));
        }
    }

    private static void requireMethod(String method, String allowed) throws RequestRejected {
        if (!method.equals(allowed)) {
            throw new RequestRejected(
                    405,
                    "METHOD_NOT_ALLOWED",
                    method + " is not supported here; use " + allowed,
                    Map.of("Allow", allowed));
        }
    }

    private void answer(HttpExchange exchange, Route route) {
        long start = System.nanoTime();
        try (exchange) {
            Answer answer;
            try {
                answer = route.handle(exchange);
            } catch (RequestRejected rejected) {
                answer =
                        new Answer(
                                rejected.status,
                                JSON.createObjectNode()
                                        .put("error", rejected.error)
                                        .put("detail", rejected.getMessage()),
                                rejected.headers);
            } catch (RuntimeException bug) {
                bug.printStackTrace();
                answer =
                        new Answer(
                                500,
                                JSON.createObjectNode()
                                        .put("error", "INTERNAL_ERROR")
                                        .put("detail", String.valueOf(bug)),
                                Map.of());
            }
            byte[] body = JSON.writeValueAsBytes(answer.body());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            answer.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            if (exchange.getRequestURI().getPath().equals(READINGS_PATH)) {
                metrics.answered(answer.status(), System.nanoTime() - start);
            }
        } catch (IOException e) {
            // The client went away mid-request (or mid-answer): nothing left to tell it. Readings
            // already acknowledged stay published; a client that retries resends the same ids.
        }
    }
}
