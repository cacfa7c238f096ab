package io.herdpulse.job.sink;

import io.herdpulse.job.stats.AnimalStats;
import io.herdpulse.job.stats.FarmStats;
import io.herdpulse.job.validation.Rejected;
import io.herdpulse.model.HealthAlert;
import org.apache.flink.api.connector.sink2.Sink;

/** Where each table's rows go: the JDBC sinks in the job, whatever a test wants in tests. */
public record Sinks(
        Sink<AnimalStats> animalStats,
        Sink<FarmStats> farmStats,
        Sink<HealthAlert> healthAlerts,
        Sink<Rejected> rejected) {}
