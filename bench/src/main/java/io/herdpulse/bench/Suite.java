package io.herdpulse.bench;

/** The four suites of {@code bin/herdpulse bench}, in the order they run. */
public enum Suite {
    THROUGHPUT(true),
    LATENCY(true),
    COST(true),
    PRODUCER(false);

    private final boolean timesFlinkJobs;

    Suite(boolean timesFlinkJobs) {
        this.timesFlinkJobs = timesFlinkJobs;
    }

    /** Whether the suite's figures include Flink jobs' time, so a cold cluster would skew them. */
    public boolean timesFlinkJobs() {
        return timesFlinkJobs;
    }
}
