package io.herdpulse.model;

/** How urgently a person should look; the names are the {@code health_alerts.severity} values. */
public enum Severity {
    INFO,
    WARNING,
    CRITICAL
}
