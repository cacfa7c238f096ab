package io.herdpulse.model;

/** The alert rules of DESIGN.md; the names are the {@code health_alerts.kind} values. */
public enum AlertKind {
    FEVER,
    HYPOTHERMIA,
    DRINKING,
    LOW_RUMINATION,
    HIGH_ACTIVITY,
    LOW_PH,
    SENSOR_SILENT
}
