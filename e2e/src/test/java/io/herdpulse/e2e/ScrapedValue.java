package io.herdpulse.e2e;

import io.herdpulse.stack.process.Http;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One sample of a process' Prometheus /metrics, read as a scrape would. */
final class ScrapedValue {
    private ScrapedValue() {}

    /**
     * The value of {@code series} (its name and labels exactly as exposed, e.g. {@code
     * x_total{component="kafka"}}) at {@code url}; empty when nothing answers there or the series
     * is not exposed.
     */
    static OptionalDouble of(String url, String series) {
        Matcher sample =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$")
                        .matcher(Http.get(url).orElse(""));
        return sample.find()
                ? OptionalDouble.of(Double.parseDouble(sample.group(1)))
                : OptionalDouble.empty();
    }
}
