package io.herdpulse.stack.supervise;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The supervisor's {@code /metrics}: restarts per component, so a process that died and came back
 * shows on the pipeline dashboard and in an alert rule, not only in a log.
 */
final class SupervisorMetrics implements AutoCloseable {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter restarts =
            Counter.builder()
                    .name("herdpulse_stack_restarts_total")
                    .help("Components the supervisor started again after they died")
                    .labelNames("component")
                    .register(registry);
    private final Counter failedRestarts =
            Counter.builder()
                    .name("herdpulse_stack_restart_failures_total")
                    .help("Restarts that did not bring the component back healthy")
                    .labelNames("component")
                    .register(registry);
    private final Gauge up =
            Gauge.builder()
                    .name("herdpulse_stack_component_up")
                    .help("1 while the component runs, 0 while it is dead")
                    .labelNames("component")
                    .register(registry);
    private final HTTPServer server;

    SupervisorMetrics(int port) {
        try {
            server =
                    HTTPServer.builder()
                            .hostname("127.0.0.1")
                            .port(port)
                            .registry(registry)
                            .buildAndStart();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve the supervisor's metrics on 127.0.0.1:" + port, e);
        }
    }

    int port() {
        return server.getPort();
    }

    /** Every supervised component shows, with 0 restarts, from the start. */
    void watch(String component) {
        restarts.labelValues(component);
        failedRestarts.labelValues(component);
    }

    /**
     * A component restarted {@code times} before this process started: the supervisor itself, which
     * its keeper starts again, shows its restarts with everyone else's.
     */
    void restartedBefore(String component, int times) {
        watch(component);
        restarts.labelValues(component).inc(times);
        state(component, true);
    }

    void state(String component, boolean running) {
        up.labelValues(component).set(running ? 1 : 0);
    }

    void restarted(String component) {
        restarts.labelValues(component).inc();
    }

    void restartFailed(String component) {
        failedRestarts.labelValues(component).inc();
    }

    @Override
    public void close() {
        server.close();
    }
}
