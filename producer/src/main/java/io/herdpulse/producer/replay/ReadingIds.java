package io.herdpulse.producer.replay;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The id replay gives a row without {@code reading_id}: the name-based UUID (version 3) of {@code
 * herdpulse-reading/FARM/ANIMAL/TIMESTAMP}, the timestamp as the row's instant in ISO-8601 UTC. The
 * same row therefore always gets the same id, so replaying a file again is a set of duplicates the
 * job drops rather than a second copy of the readings.
 */
public final class ReadingIds {
    private ReadingIds() {}

    public static String derive(String farmId, String animalId, Instant timestamp) {
        String name = "herdpulse-reading/" + farmId + "/" + animalId + "/" + timestamp;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
