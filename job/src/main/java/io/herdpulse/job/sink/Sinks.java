package io.herdpulse.job.sink;

import io.herdpulse.job.stats.AnimalStats;
import io.herdpulse.job.stats.FarmStats;
import io.herdpulse.job.validation.Rejected;
import io.herdpulse.model.HealthAlert;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/** Where each table's rows go: the JDBC sinks in the job, whatever a test wants in tests. */
public record Sinks(
        Sink<AnimalStats> animalStats,
        Sink<FarmStats> farmStats,
        Sink<HealthAlert> healthAlerts,
        Sink<Rejected> rejected) {

    /** Sinks that drop every row: the job's work without the database's (--discard-sinks). */
    public static Sinks discarding() {
        return new Sinks(
                new DiscardingSink<>(),
                new DiscardingSink<>(),
                new DiscardingSink<>(),
                new DiscardingSink<>());
    }
}
