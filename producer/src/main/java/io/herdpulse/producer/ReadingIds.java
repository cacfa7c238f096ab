package io.herdpulse.producer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The reading id both producers give a reading that has none: a name-based UUID of farm, animal and
 * event time. The same reading of the same animal therefore always gets the same id, so sending it
 * again (a replay of the same file, a simulator restarted over the same hours) is a duplicate the
 * job drops rather than a second reading.
 */
public final class ReadingIds {
    private ReadingIds() {}

    public static String derive(String farmId, String animalId, Instant timestamp) {
        String name = "herdpulse-reading/" + farmId + "/" + animalId + "/" + timestamp;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
