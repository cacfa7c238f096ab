package io.herdpulse.stack.supervise;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The supervisor's {@code /metrics}: restarts per component, so a process that died and came back
 * shows on the pipeline dashboard and in an alert rule, not only in a log; and the space left on
 * the disk of the stack's home, where the broker, PostgreSQL, Flink's checkpoints and Prometheus
 * write, so an alert fires before a full disk stops them (docs/operations.md, a full disk).
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

    /**
     * @param disk a path on the disk whose space is reported: the stack's home
     */
    SupervisorMetrics(int port, Path disk) {
        diskGauge(
                "herdpulse_stack_disk_free_bytes",
                "Bytes the stack's processes can still write on the disk of its home",
                disk,
                FileStore::getUsableSpace);
        diskGauge(
                "herdpulse_stack_disk_size_bytes",
                "Size of the disk of the stack's home",
                disk,
                FileStore::getTotalSpace);
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

    /** Read at each scrape; a disk that cannot be read is left out rather than reported empty. */
    private void diskGauge(String name, String help, Path disk, DiskSpace space) {
        GaugeWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames("path")
                .callback(
                        callback -> {
                            try {
                                callback.call(space.of(Files.getFileStore(disk)), disk.toString());
                            } catch (IOException unreadable) {
                                // no sample this scrape: the alert rules see the disk as unknown
                            }
                        })
                .register(registry);
    }

    private interface DiskSpace {
        long of(FileStore store) throws IOException;
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
