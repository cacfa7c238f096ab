package io.herdpulse.stack.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * Health probes over HTTP: a body only for a 200 answer, never an exception for a component still
 * booting.
 */
public final class Http {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {}

    /**
     * POSTs a JSON body; the answer's body for a 2xx answer (Flink answers 202 to a trigger),
     * otherwise empty.
     */
    public static Optional<String> postJson(String url, String json) {
        return send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)),
                status -> status / 100 == 2);
    }

    public static Optional<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)), status -> status == 200);
    }

    private static Optional<String> send(HttpRequest.Builder request, IntPredicate answered) {
        try {
            HttpResponse<byte[]> response =
                    CLIENT.send(
                            request.timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            return answered.test(response.statusCode())
                    ? Optional.of(new String(response.body(), StandardCharsets.UTF_8))
                    : Optional.empty();
        } catch (IOException notAnswering) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
