package io.herdpulse.stack.process;

import io.herdpulse.stack.StackHome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A stack process whose health is an HTTP answer: Prometheus, the postgres exporter, the
 * simulator's /metrics. The command and environment are suppliers because they may read secrets
 * that exist only once PostgreSQL is up.
 */
public final class HttpService {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final String name;
    private final ManagedProcess process;
    private final Path workDir;
    private final Supplier<List<String>> command;
    private final Supplier<Map<String, String>> environment;
    private final String healthUrl;
    private final Predicate<String> healthyBody;

    public HttpService(
            String name,
            StackHome home,
            Supplier<List<String>> command,
            Supplier<Map<String, String>> environment,
            String healthUrl,
            Predicate<String> healthyBody) {
        this.name = name;
        this.process = new ManagedProcess(name, home.pidFile(name), home.log(name));
        this.workDir = home.data(name);
        this.command = command;
        this.environment = environment;
        this.healthUrl = healthUrl;
        this.healthyBody = healthyBody;
    }

    public String name() {
        return name;
    }

    public ManagedProcess process() {
        return process;
    }

    public void start() {
        ProcessHandle handle = process.start(command.get(), environment.get(), workDir);
        Wait.until(name, START_TIMEOUT, process.logFile(), handle, this::isHealthy);
    }

    public boolean isHealthy() {
        return Http.get(healthUrl).filter(healthyBody).isPresent();
    }

    public Optional<ProcessHandle> running() {
        return process.running();
    }

    public void stop() {
        process.stop(Signal.TERM, STOP_GRACE);
    }
}
