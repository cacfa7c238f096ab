package io.herdpulse.model;

import java.time.Instant;

/**
 * One bolus reading as DESIGN.md defines it: the value of a {@code cow-health-data} record.
 *
 * <p>{@code waterIntakeL} and {@code rumenPh} are optional (null when the bolus does not measure
 * them). The id is kept as its canonical string so that Flink serialises the record as a POJO,
 * without Kryo.
 */
public record Reading(
        int schemaVersion,
        String readingId,
        String farmId,
        String animalId,
        String sensorId,
        Instant timestamp,
        double rumenTempC,
        double activity,
        double ruminationMin,
        Double waterIntakeL,
        Double rumenPh) {

    /** The only schema version this contract defines. */
    public static final int SCHEMA_VERSION = 1;
}
