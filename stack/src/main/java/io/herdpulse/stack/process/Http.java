package io.herdpulse.stack.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

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
        try {
            HttpResponse<byte[]> response =
                    CLIENT.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(5))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(json))
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() / 100 == 2
                    ? Optional.of(new String(response.body(), StandardCharsets.UTF_8))
                    : Optional.empty();
        } catch (IOException notAnswering) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    public static Optional<String> get(String url) {
        try {
            HttpResponse<byte[]> response =
                    CLIENT.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            return response.statusCode() == 200
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
