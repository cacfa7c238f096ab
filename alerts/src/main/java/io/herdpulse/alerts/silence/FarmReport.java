package io.herdpulse.alerts.silence;

/**
 * That a farm reported at an event time: what every parallel instance of the alert rules learns of
 * every farm ({@link FarmReports}).
 */
public record FarmReport(String farmId, long eventTime) {}
