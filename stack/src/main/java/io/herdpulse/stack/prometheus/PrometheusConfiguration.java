package io.herdpulse.stack.prometheus;

import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.StackHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The directory the stack's Prometheus reads its configuration from: {@code conf/prometheus/} in
 * the stack's home, holding links to the checkout's {@code monitoring/prometheus/prometheus.yml}
 * and {@code rules/} and the {@code targets/} directory the stack writes. Prometheus resolves the
 * configuration's relative paths against this directory, so the one file in the checkout reads
 * rules from the checkout and discovery files from the home; an edit in the checkout still takes
 * effect on a reload.
 */
public final class PrometheusConfiguration {
    private static final List<String> FROM_CHECKOUT = List.of("prometheus.yml", "rules");

    private PrometheusConfiguration() {}

    static Path directory(StackHome home) {
        return home.conf("prometheus");
    }

    /**
     * Links the checkout's configuration into the home; returns the file to start Prometheus with.
     */
    public static Path prepare(Distribution distribution, StackHome home) {
        Path directory = directory(home);
        Path checkout = distribution.monitoring().resolve("prometheus");
        try {
            for (String name : FROM_CHECKOUT) {
                Path link = directory.resolve(name);
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, Distribution.require(checkout.resolve(name)));
            }
            Files.createDirectories(ScrapeTargets.of(home).directory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + directory, e);
        }
        return directory.resolve("prometheus.yml");
    }
}
