package io.herdpulse.producer.poll;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.herdpulse.producer.run.StopSignal;
import io.herdpulse.producer.vendor.VendorFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches pages with the JDK's {@link HttpClient}. What may pass is retried until it does: network
 * errors, 5xx and 408 answers and a 200 without a body after an exponential backoff (1 s, doubling,
 * up to the maximum), a 429 or 503 after the {@code Retry-After} the API asked for, between 1 s and
 * an hour (or the backoff when it names none). A 204 is a page without readings or next cursor. Any
 * other answer is an error to stop on, as is a page not in the vendor's format or larger than the
 * page limit; so is a redirect, which followed would take the token along.
 *
 * <p>The request timeout bounds the whole answer, body included: the JDK client's own timeout ends
 * with the headers, so an API trickling its body would hold the poller for ever. The body is
 * gathered only up to the page limit, so an API sending without end cannot fill the heap.
 */
final class VendorClient {
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    /**
     * The longest Retry-After honoured: an API asking for longer (a typo, years) is asked again
     * after this; one asking for less than {@link #FIRST_BACKOFF} (0, a date past) after that.
     */
    static final Duration LONGEST_RETRY_AFTER = Duration.ofHours(1);

    private static final int SHOWN_CHARS = 200;

    /** Enough bytes of an error answer for {@link #SHOWN_CHARS} characters of UTF-8. */
    private static final int SHOWN_BYTES = 4 * SHOWN_CHARS;

    private final PollSettings settings;
    private final StopSignal stop;
    private final PrintStream log;
    private final PollMetrics metrics;
    private final HttpClient http;
    private final ObjectMapper pageReader;

    VendorClient(PollSettings settings, StopSignal stop, PrintStream log, PollMetrics metrics) {
        this.settings = settings;
        this.stop = stop;
        this.log = log;
        this.metrics = metrics;
        this.http =
                HttpClient.newBuilder()
                        .connectTimeout(settings.requestTimeout())
                        // A redirect followed carried the token to whatever host it named.
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
        this.pageReader = VendorPage.reader(settings.maxPageBytes());
    }

    /**
     * @param cursor null for the first page
     * @return the page, or empty when a stop was requested while waiting to retry
     * @throws VendorApiException on an answer that retrying cannot fix
     */
    Optional<VendorPage> fetch(String cursor) {
        URI uri = pageUri(cursor);
        Duration backoff = FIRST_BACKOFF;
        while (!stop.isRequested()) {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(uri).header("Accept", "application/json").GET();
            if (settings.token() != null) {
                request.header("Authorization", "Bearer " + settings.token());
            }
            Duration wait;
            String why;
            Optional<Duration> asked = Optional.empty();
            try {
                HttpResponse<byte[]> response = send(request.build());
                int status = response.statusCode();
                if (status == 200 && response.body().length > 0) {
                    return Optional.of(VendorPage.parse(pageReader, response.body(), uri));
                }
                if (status == 204) {
                    // "Nothing new": a last page without readings, the cursor asked with kept.
                    return Optional.of(new VendorPage(List.of(), null, false));
                }
                if (status == 429 || status == 503) {
                    asked = retryAfter(response).map(VendorClient::withinReason);
                    wait = asked.orElse(backoff);
                    why =
                            "answered "
                                    + status
                                    + (asked.isPresent()
                                            ? " with Retry-After"
                                            : " without Retry-After");
                    metrics.retried("status_" + status);
                } else if (status == 200) {
                    // A page lost on its way (a proxy's, say): no API means none by a 200.
                    wait = backoff;
                    why = "answered 200 without a body";
                    metrics.retried("empty_200");
                } else if (status >= 500 || status == 408) {
                    // A 408 is a proxy's or a server's timeout on this request, not a fault in it.
                    wait = backoff;
                    why = "answered " + status;
                    metrics.retried(status == 408 ? "status_408" : "status_5xx");
                } else if (status >= 300 && status < 400) {
                    throw new VendorApiException(
                            "GET "
                                    + uri
                                    + " answered "
                                    + status
                                    + " to "
                                    + response.headers()
                                            .firstValue("Location")
                                            .orElse("no Location")
                                    + ": redirects are not followed, they would take the token"
                                    + " along; give --api-url the URL the API means");
                } else {
                    throw new VendorApiException(
                            "GET " + uri + " answered " + status + ": " + shown(response.body()));
                }
            } catch (IOException e) {
                wait = backoff;
                why = "failed (" + e + ")";
                metrics.retried("io");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            log.println(
                    "poll: GET "
                            + uri
                            + " "
                            + why
                            + "; retrying in "
                            + wait.toMillis() / 1000.0
                            + " s");
            if (stop.await(wait)) {
                return Optional.empty();
            }
            if (asked.isEmpty()) {
                // Only our own guess grows; a Retry-After was the API's answer, not a failure.
                backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
            }
        }
        return Optional.empty();
    }

    /**
     * The answer, body and all, within the request timeout.
     *
     * @throws IOException when it failed or did not end in time: worth retrying
     * @throws VendorApiException when its body passed the page limit
     */
    private HttpResponse<byte[]> send(HttpRequest request)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> answer =
                http.sendAsync(
                        request,
                        info ->
                                info.statusCode() == 200
                                        ? CappedBody.page(
                                                settings.maxPageBytes(), declaredLength(info))
                                        : CappedBody.start(SHOWN_BYTES));
        try {
            return answer.get(settings.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new HttpTimeoutException(
                    "no whole answer within the request timeout of " + settings.requestTimeout());
        } catch (ExecutionException e) {
            PageTooLarge tooLarge = causeOf(e, PageTooLarge.class);
            if (tooLarge != null) {
                throw new VendorApiException(
                        "GET "
                                + request.uri()
                                + " answered "
                                + (tooLarge.declared < 0
                                        ? "more than " + settings.maxPageBytes() + " bytes"
                                        : tooLarge.declared
                                                + " bytes by its Content-Length, more than "
                                                + settings.maxPageBytes())
                                + " (--max-page-bytes); ask for fewer readings with --page-size");
            }
            // Only a failed exchange is worth another try; anything else stops the run, said.
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new VendorApiException("GET " + request.uri() + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        }
    }

    private static <E extends Throwable> E causeOf(Throwable failure, Class<E> kind) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (kind.isInstance(cause)) {
                return kind.cast(cause);
            }
        }
        return null;
    }

    /** The answer's Content-Length, -1 when it names none or none that reads as a length. */
    private static long declaredLength(HttpResponse.ResponseInfo info) {
        try {
            return info.headers().firstValueAsLong("Content-Length").orElse(-1);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static final class PageTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        /** The length the answer declared, -1 when found past the limit while it came in. */
        private final long declared;

        PageTooLarge(long declared) {
            this.declared = declared;
        }
    }

    /**
     * A body's bytes up to a limit. A page's fails past it, its transfer cancelled, or at once when
     * its declared length is past it; another answer's ends at it, with the start to show.
     */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final boolean failsPastLimit;
        private final long declared;
        private final ByteArrayOutputStream bytes;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private Flow.Subscription subscription;

        private CappedBody(int limit, boolean failsPastLimit, long declared) {
            this.limit = limit;
            this.failsPastLimit = failsPastLimit;
            this.declared = declared;
            // Sized by a declared length only within the limit: a page refused for it allocates
            // nothing, and a body without one grows as it comes.
            this.bytes =
                    new ByteArrayOutputStream(
                            (int)
                                    (declared >= 0 && declared <= limit
                                            ? Math.max(declared, 32)
                                            : 32));
        }

        /**
         * A page: no larger than {@code limit} bytes; {@code declared} its Content-Length, or -1.
         */
        static CappedBody page(int limit, long declared) {
            return new CappedBody(limit, true, declared);
        }

        /** The first {@code bytes} of an answer that is no page. */
        static CappedBody start(int bytes) {
            return new CappedBody(bytes, false, -1);
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (failsPastLimit && declared > limit) {
                tooLarge(declared);
                return;
            }
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (body.isDone()) {
                    return;
                }
                int room = limit - bytes.size();
                if (buffer.remaining() > room && failsPastLimit) {
                    tooLarge(-1);
                    return;
                }
                byte[] chunk = new byte[Math.min(buffer.remaining(), room)];
                buffer.get(chunk);
                bytes.writeBytes(chunk);
                if (bytes.size() == limit && !failsPastLimit) {
                    // All that is shown of it: the rest, however long, is not waited for.
                    subscription.cancel();
                    onComplete();
                    return;
                }
            }
        }

        private void tooLarge(long declared) {
            subscription.cancel();
            body.completeExceptionally(new PageTooLarge(declared));
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }

    private URI pageUri(String cursor) {
        String query =
                VendorFormat.LIMIT_PARAMETER
                        + "="
                        + settings.pageSize()
                        + (cursor == null
                                ? ""
                                : "&"
                                        + VendorFormat.CURSOR_PARAMETER
                                        + "="
                                        + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        String base = settings.apiUrl().toString();
        return URI.create(base + (settings.apiUrl().getRawQuery() == null ? "?" : "&") + query);
    }

    /** Retry-After as seconds or as an HTTP date (RFC 9110); absent or unreadable: empty. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After").map(String::trim);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String value = header.get();
        if (value.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Instant at =
                    ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration until = Duration.between(Instant.now(), at);
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Duration withinReason(Duration asked) {
        return asked.compareTo(FIRST_BACKOFF) < 0 ? FIRST_BACKOFF : min(asked, LONGEST_RETRY_AFTER);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String shown(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "…";
    }
}
