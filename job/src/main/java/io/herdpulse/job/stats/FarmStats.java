package io.herdpulse.job.stats;

import java.time.Instant;

/** One row of {@code farm_health_stats}. */
public record FarmStats(
        String farmId,
        Instant windowStart,
        Instant windowEnd,
        int animals,
        int readings,
        double tempAvg,
        int animalsWithFever) {}
