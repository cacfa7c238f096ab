package io.herdpulse.model.validation;

/**
 * Why a record went to {@code rejected_readings}, in the order DESIGN.md checks them: a record with
 * several faults gets the first. The job and the producer's HTTP ingestion report the same names.
 */
public enum RejectReason {
    MALFORMED_JSON,
    UNSUPPORTED_VERSION,
    MISSING_FIELD,
    INVALID_VALUE,
    OUT_OF_RANGE,
    KEY_MISMATCH,
    FUTURE_TIMESTAMP,
    DUPLICATE,
    LATE
}
