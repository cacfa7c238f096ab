package io.herdpulse.producer.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What a base station does over HTTP, and the server's metrics. */
final class IngestClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Answer(int status, JsonNode body, HttpResponse<String> response) {
        Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }
    }

    private IngestClient() {}

    /**
     * @param headers name, value, name, value…
     */
    static Answer post(int port, String body, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(readings(port))
                        .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response =
                    HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), JSON.readTree(response.body()), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static URI readings(int port) {
        return URI.create("http://127.0.0.1:" + port + "/v1/readings");
    }

    static boolean healthy(int port) {
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + port
                                                                    + "/healthz"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The metric lines of a /metrics scrape that start with {@code prefix}, by series. */
    static Map<String, Double> metrics(int metricsPort, String prefix) {
        try {
            String body =
                    HTTP.send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + metricsPort
                                                                    + "/metrics"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
            return body.lines()
                    .filter(line -> line.startsWith(prefix))
                    .collect(
                            Collectors.toMap(
                                    line -> line.substring(0, line.lastIndexOf(' ')),
                                    line ->
                                            Double.parseDouble(
                                                    line.substring(line.lastIndexOf(' ') + 1)),
                                    (a, b) -> b,
                                    TreeMap::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
