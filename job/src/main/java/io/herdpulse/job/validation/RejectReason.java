package io.herdpulse.job.validation;

/**
 * Why a record went to {@code rejected_readings}, in the order DESIGN.md checks them: a record with
 * several faults gets the first.
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
