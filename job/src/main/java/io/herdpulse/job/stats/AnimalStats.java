package io.herdpulse.job.stats;

import java.time.Instant;

/** One row of {@code animal_health_stats}: an animal's totals over {@code [start, end)}. */
public record AnimalStats(
        String animalId, Instant windowStart, Instant windowEnd, AnimalTotals totals) {

    public String farmId() {
        return totals.farmId();
    }
}
