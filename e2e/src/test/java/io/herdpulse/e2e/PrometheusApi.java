package io.herdpulse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herdpulse.stack.process.Http;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The HTTP API of the local stack's Prometheus, as the tests read it. */
final class PrometheusApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMETHEUS = "http://127.0.0.1:9090";

    private PrometheusApi() {}

    /** The {@code data} of a successful answer to this API path. */
    static JsonNode data(String pathAndQuery) throws IOException {
        String body =
                Http.get(PROMETHEUS + pathAndQuery)
                        .orElseThrow(
                                () ->
                                        new AssertionError(
                                                "Prometheus: no answer to " + pathAndQuery));
        JsonNode answer = JSON.readTree(body);
        assertThat(answer.path("status").asText()).as(pathAndQuery).isEqualTo("success");
        return answer.path("data");
    }

    /** The series an instant query returns now. */
    static JsonNode query(String promQl) throws IOException {
        return data("/api/v1/query?query=" + URLEncoder.encode(promQl, StandardCharsets.UTF_8))
                .path("result");
    }
}
