package io.herdpulse.job.config;

/** Where the Kafka source starts when the job starts without a checkpoint or savepoint. */
public enum StartingOffsets {
    /** The group's committed offsets; partitions without any start from the earliest offset. */
    COMMITTED,
    EARLIEST,
    LATEST
}
