package io.herdpulse.model;

/**
 * The JSON field names of a reading, as the contract spells them; writer and validator share them.
 */
public final class ReadingFields {
    public static final String SCHEMA_VERSION = "schemaVersion";
    public static final String READING_ID = "readingId";
    public static final String FARM_ID = "farmId";
    public static final String ANIMAL_ID = "animalId";
    public static final String SENSOR_ID = "sensorId";
    public static final String TIMESTAMP = "timestamp";
    public static final String RUMEN_TEMP_C = "rumenTempC";
    public static final String ACTIVITY = "activity";
    public static final String RUMINATION_MIN = "ruminationMin";
    public static final String WATER_INTAKE_L = "waterIntakeL";
    public static final String RUMEN_PH = "rumenPh";

    private ReadingFields() {}
}
