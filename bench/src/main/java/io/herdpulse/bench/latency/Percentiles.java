package io.herdpulse.bench.latency;

import java.util.List;

/** Nearest-rank percentiles of latencies in milliseconds. */
record Percentiles(int samples, long p50, long p95, long p99, long max) {

    static Percentiles of(List<Long> latencies) {
        List<Long> sorted = latencies.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return new Percentiles(0, 0, 0, 0, 0);
        }
        return new Percentiles(
                sorted.size(),
                rank(sorted, 50),
                rank(sorted, 95),
                rank(sorted, 99),
                sorted.get(sorted.size() - 1));
    }

    private static long rank(List<Long> sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
