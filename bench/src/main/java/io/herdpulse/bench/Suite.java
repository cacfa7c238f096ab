package io.herdpulse.bench;

/** The four suites of {@code bin/herdpulse bench}, in the order they run. */
public enum Suite {
    THROUGHPUT,
    LATENCY,
    COST,
    PRODUCER
}
