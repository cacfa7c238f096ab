package io.herdpulse.producer.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.herdpulse.producer.kafka.Cli;
import io.herdpulse.stack.process.Ports;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fake-api} as a command: pages with cursors, and the same herd after a restart. */
class FakeApiCommandTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir Path dir;

    /** Runs the API with these herd options, fetches the first two pages, stops it. */
    private String[] twoPages(String start) throws Exception {
        int port = Ports.freePort();
        Cli cli = new Cli();
        CompletableFuture<Integer> run =
                cli.start(
                        "fake-api",
                        "--port",
                        Integer.toString(port),
                        "--animals",
                        "3",
                        "--start",
                        start,
                        "--herd-file",
                        dir.resolve("herd.properties").toString());
        String url = "http://127.0.0.1:" + port + "/v1/readings?limit=4";
        try {
            String first =
                    await().atMost(Duration.ofSeconds(30))
                            .ignoreException(ConnectException.class)
                            .until(() -> get(url), body -> body != null);
            String cursor = new ObjectMapper().readTree(first).get("next_cursor").textValue();
            String second = get(url + "&cursor=" + cursor);
            // A cursor from before (a poller that restarted) gets the same page again.
            assertThat(get(url + "&cursor=" + cursor)).isEqualTo(second);
            return new String[] {first, second};
        } finally {
            cli.stop.request();
            assertThat(run.get(30, TimeUnit.SECONDS)).as(cli.err()).isZero();
        }
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    @Test
    void aHerdFileServesTheSameHerdAfterARestartWhateverStartIsGiven() throws Exception {
        String[] before = twoPages("-P1D");
        String[] after = twoPages("-P3D");

        assertThat(after).containsExactly(before);
        assertThat(before[0])
                .contains("\"has_more\":true")
                .contains("\"animal_id\":\"farm-01-cow-001\"");
        assertThat(before[1]).isNotEqualTo(before[0]);
    }
}
