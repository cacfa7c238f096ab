package io.herdpulse.model.validation;

import io.herdpulse.model.Reading;

/** The outcome of validating one record: a reading, or the first fault found. */
public sealed interface Verdict {

    record Valid(Reading reading) implements Verdict {}

    record Invalid(RejectReason reason, String detail) implements Verdict {}
}
