package io.herdpulse.alerts;

import io.herdpulse.model.Reading;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Readings for tests: a healthy cow unless a test says otherwise, every ten minutes. */
final class TestReadings {
    static final Duration INTERVAL = Duration.ofMinutes(10);

    /**
     * A Monday, ten minutes past midnight UTC: the first reading covers the day's first interval.
     */
    static final Instant START = Instant.parse("2026-03-02T00:10:00Z");

    static final double TEMP = 38.8;
    static final double ACTIVITY = 10.0;
    static final double RUMINATION = 3.5;

    private TestReadings() {}

    static Reading reading(
            String farm,
            String animal,
            Instant at,
            double temp,
            double activity,
            double rumination,
            Double ph) {
        return reading(farm, animal, at, temp, activity, rumination, null, ph);
    }

    /** As above, with the water her bolus reports. */
    static Reading reading(
            String farm,
            String animal,
            Instant at,
            double temp,
            double activity,
            double rumination,
            Double water,
            Double ph) {
        String id =
                UUID.nameUUIDFromBytes((farm + animal + at).getBytes(StandardCharsets.UTF_8))
                        .toString();
        return new Reading(
                1, id, farm, animal, "bolus-" + animal, at, temp, activity, rumination, water, ph);
    }

    static Reading temperature(String animal, Instant at, double temp) {
        return reading("farm-1", animal, at, temp, ACTIVITY, RUMINATION, null);
    }

    /** The reading with this water intake (litres since the previous reading). */
    static Reading withWater(Reading r, double litres) {
        return new Reading(
                r.schemaVersion(),
                r.readingId(),
                r.farmId(),
                r.animalId(),
                r.sensorId(),
                r.timestamp(),
                r.rumenTempC(),
                r.activity(),
                r.ruminationMin(),
                litres,
                r.rumenPh());
    }

    static Instant at(int index) {
        return START.plus(INTERVAL.multipliedBy(index));
    }

    /** A temperature the bolus lost: no reading is sent for it. */
    static final double LOST = Double.NaN;

    /**
     * One reading per temperature, every interval from {@link #START}, save those {@link #LOST}.
     */
    static List<Reading> temperatures(String animal, double... temps) {
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < temps.length; i++) {
            if (!Double.isNaN(temps[i])) {
                readings.add(temperature(animal, at(i), temps[i]));
            }
        }
        return readings;
    }

    static double[] concat(double[]... parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] all = new double[n];
        int i = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, all, i, p.length);
            i += p.length;
        }
        return all;
    }

    static double[] repeat(double value, int times) {
        double[] values = new double[times];
        java.util.Arrays.fill(values, value);
        return values;
    }
}
