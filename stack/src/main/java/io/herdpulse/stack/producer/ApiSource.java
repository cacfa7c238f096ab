package io.herdpulse.stack.producer;

import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.StackHome;
import io.herdpulse.stack.StackPorts;
import io.herdpulse.stack.process.HttpService;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code up --source api}: the simulated herd served by the producer's {@code fake-api} on the
 * vendor API port, and {@code poll} pulling it into Kafka in place of the direct simulator.
 *
 * <p>The fake API's herd is fixed once per stack (seed and a start a week before the first {@code
 * up}, kept under its data directory), so after {@code down} and {@code up} it is the same herd and
 * the poller's stored cursor still means the same reading.
 */
public final class ApiSource {
    public static final String FAKE_API = "fake-api";
    public static final String POLLER = "poller";

    /** The fake API's herd starts this long before the stack's first {@code up --source api}. */
    private static final Duration HISTORY = Duration.ofDays(7);

    private final Distribution distribution;
    private final StackHome home;
    private final StackPorts ports;
    private final String bootstrapServers;

    public ApiSource(
            Distribution distribution, StackHome home, StackPorts ports, String bootstrapServers) {
        this.distribution = distribution;
        this.home = home;
        this.ports = ports;
        this.bootstrapServers = bootstrapServers;
    }

    public String readingsUrl() {
        return "http://127.0.0.1:" + ports.fakeApi() + "/v1/readings";
    }

    public HttpService fakeApi() {
        return new HttpService(
                FAKE_API,
                home,
                () ->
                        List.of(
                                Distribution.java(),
                                "-Xmx256m",
                                "-jar",
                                Distribution.require(distribution.producerJar()).toString(),
                                "fake-api",
                                "--port",
                                Integer.toString(ports.fakeApi()),
                                "--farms",
                                "2",
                                "--animals",
                                "50",
                                "--start",
                                "-" + HISTORY,
                                "--herd-file",
                                home.data(FAKE_API).resolve("herd.properties").toString()),
                Map::of,
                "http://127.0.0.1:" + ports.fakeApi() + "/healthz",
                body -> true);
    }

    public HttpService poller() {
        return new HttpService(
                POLLER,
                home,
                () ->
                        List.of(
                                Distribution.java(),
                                "-Xmx256m",
                                "-jar",
                                Distribution.require(distribution.producerJar()).toString(),
                                "poll",
                                "--api-url",
                                readingsUrl(),
                                "--state-dir",
                                home.data(POLLER).resolve("state").toString(),
                                "--bootstrap-servers",
                                bootstrapServers,
                                "--metrics-port",
                                Integer.toString(ports.producerMetrics())),
                Map::of,
                "http://127.0.0.1:" + ports.producerMetrics() + "/metrics",
                body -> true);
    }
}
