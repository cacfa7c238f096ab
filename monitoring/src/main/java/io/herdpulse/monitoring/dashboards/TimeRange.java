package io.herdpulse.monitoring.dashboards;

import java.time.Duration;
import java.time.Instant;

/** The dashboard time range a query is rendered for, [from, to]. */
public record TimeRange(Instant from, Instant to) {

    public TimeRange {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException(
                    "time range ends before it starts: " + from + " .. " + to);
        }
    }

    /** The last {@code length} up to {@code now}, as Grafana's "Last 1 hour" and the like. */
    public static TimeRange last(Duration length, Instant now) {
        return new TimeRange(now.minus(length), now);
    }

    public Duration length() {
        return Duration.between(from, to);
    }
}
