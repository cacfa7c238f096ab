package io.herdpulse.bench.data;

import io.herdpulse.model.Reading;
import io.herdpulse.model.ReadingJson;
import io.herdpulse.producer.simulate.HerdSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Loads a topic with a {@link DataSet}: the producer's own settings, every record acknowledged. */
public final class TopicLoader {
    private final String bootstrapServers;

    public TopicLoader(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Readings of {@code animals} animals, {@code intervals} each, with faults; all in the past.
     */
    public DataSet load(String topic, int animals, int intervals) {
        // Whole hours back, so hourly windows hold whole hours and nothing is in the future.
        Instant start =
                Instant.now()
                        .minus(DataSet.INTERVAL.multipliedBy(intervals))
                        .minus(Duration.ofHours(1))
                        .truncatedTo(ChronoUnit.HOURS);
        HerdSimulator herd = Herds.simulator(animals, DataSet.INTERVAL, start);
        long readings = (long) animals * intervals;
        long bad = 0;
        long duplicates = 0;
        try (Publisher publisher = new Publisher(bootstrapServers, topic)) {
            for (long i = 0; i < readings; i++) {
                Reading reading = herd.next();
                byte[] json = ReadingJson.toJson(reading);
                publisher.send(reading.animalId(), json);
                if (i % DataSet.FAULT_SPACING == DataSet.FAULT_SPACING / 2) {
                    publisher.send(reading.animalId(), json);
                    duplicates++;
                }
                if (i % DataSet.FAULT_SPACING == DataSet.FAULT_SPACING - 1) {
                    publisher.send(reading.animalId(), bad(reading, bad));
                    bad++;
                }
            }
        }
        return new DataSet(
                topic, animals, Herds.farms(animals), intervals, start, readings, bad, duplicates);
    }

    /** A message the job rejects, of one of three kinds in turn, about the reading before it. */
    static byte[] bad(Reading reading, long index) {
        byte[] valid = ReadingJson.toJson(reading);
        return switch ((int) (index % 3)) {
            case 0 -> java.util.Arrays.copyOf(valid, valid.length / 2); // MALFORMED_JSON
            case 1 ->
                    ReadingJson.toJson(
                            new Reading(
                                    reading.schemaVersion(),
                                    UUID.nameUUIDFromBytes(valid).toString(),
                                    reading.farmId(),
                                    reading.animalId(),
                                    reading.sensorId(),
                                    reading.timestamp(),
                                    99.0, // OUT_OF_RANGE
                                    reading.activity(),
                                    reading.ruminationMin(),
                                    reading.waterIntakeL(),
                                    reading.rumenPh()));
            default ->
                    new String(valid, StandardCharsets.UTF_8)
                            .replaceFirst("\"readingId\":\"[^\"]*\",", "")
                            .getBytes(StandardCharsets.UTF_8); // MISSING_FIELD
        };
    }
}
