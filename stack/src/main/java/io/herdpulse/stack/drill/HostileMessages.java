package io.herdpulse.stack.drill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.common.utils.Utils;

/**
 * What a hostile world sends beside the herd: about 1 % bad messages, one reject reason after the
 * other, and some very late readings; then one flush reading per partition that closes every
 * window. All drawn from the drill's seed, so both runs send the same bytes to the same partitions.
 */
final class HostileMessages {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The job's reject reasons a message can earn on its own (DUPLICATE and LATE need context). */
    enum Fault {
        MALFORMED_JSON,
        UNSUPPORTED_VERSION,
        MISSING_FIELD,
        INVALID_VALUE,
        OUT_OF_RANGE,
        KEY_MISMATCH,
        FUTURE_TIMESTAMP
    }

    private static final double BAD_SHARE = 0.01;
    private static final double VERY_LATE_SHARE = 0.001;

    /**
     * Very late readings go out only after a third of the data: by then every partition's watermark
     * is days past them, however the partitions' speeds differ, so they are LATE in every run.
     */
    private static final double VERY_LATE_FROM = 1.0 / 3;

    /** Older than the data's start by far more than any window plus allowed lateness. */
    private static final Duration VERY_LATE_BEFORE_START = Duration.ofDays(1);

    private static final String FLUSH_FARM = "drill-flush";

    private final SplittableRandom random;
    private final List<String> animals;
    private final Instant start;
    private final Instant end;
    private final Instant now;
    private final int partitions;

    HostileMessages(
            SplittableRandom random,
            List<String> animals,
            Instant start,
            Instant end,
            Instant now,
            int partitions) {
        this.random = random;
        this.animals = animals;
        this.start = start;
        this.end = end;
        this.now = now;
        this.partitions = partitions;
    }

    List<PlannedMessage> badAndLate(long readings) {
        List<PlannedMessage> messages = new ArrayList<>();
        long bad = Math.max(Fault.values().length, Math.round(readings * BAD_SHARE));
        for (long i = 0; i < bad; i++) {
            Fault fault = Fault.values()[(int) (i % Fault.values().length)];
            messages.add(bad(fault, random.nextDouble()));
        }
        long late = Math.max(3, Math.round(readings * VERY_LATE_SHARE));
        for (long i = 0; i < late; i++) {
            String animal = animal();
            Instant when =
                    start.minus(VERY_LATE_BEFORE_START)
                            .minusSeconds(random.nextLong(Duration.ofDays(1).toSeconds()));
            messages.add(
                    keyed(
                            animal,
                            reading(animal, when).toString(),
                            random.nextDouble(VERY_LATE_FROM, 1)));
        }
        return messages;
    }

    /**
     * One valid reading per partition at {@code when}, from animals of a farm of their own (so no
     * herd animal looks silent), whose keys hash to each partition as Kafka's partitioner does.
     */
    List<PlannedMessage> flush(Instant when) {
        List<PlannedMessage> flush = new ArrayList<>();
        for (int partition = 0, candidate = 0; partition < partitions; candidate++) {
            String animal = FLUSH_FARM + "-cow-" + candidate;
            if (partitionOf(animal) == partition) {
                flush.add(
                        new PlannedMessage(partition, animal, reading(animal, when).toString(), 1));
                partition++;
            }
        }
        return flush;
    }

    private PlannedMessage bad(Fault fault, double due) {
        String animal = animal();
        Instant when = start.plusSeconds(random.nextLong(Duration.between(start, end).toSeconds()));
        ObjectNode reading = reading(animal, when);
        return switch (fault) {
            case MALFORMED_JSON -> {
                String json = reading.toString();
                yield keyed(animal, json.substring(0, random.nextInt(1, json.length() - 1)), due);
            }
            case UNSUPPORTED_VERSION -> keyed(animal, reading.put("schemaVersion", 2), due);
            case MISSING_FIELD -> {
                List<String> required =
                        List.of(
                                "readingId",
                                "farmId",
                                "sensorId",
                                "timestamp",
                                "rumenTempC",
                                "activity",
                                "ruminationMin");
                reading.remove(required.get(random.nextInt(required.size())));
                yield keyed(animal, reading, due);
            }
            case INVALID_VALUE -> {
                switch (random.nextInt(3)) {
                    case 0 -> reading.put("readingId", "not-a-uuid");
                    case 1 -> reading.put("timestamp", "yesterday");
                    default -> reading.put("rumenTempC", "warm");
                }
                yield keyed(animal, reading, due);
            }
            case OUT_OF_RANGE -> keyed(animal, reading.put("rumenTempC", 51.5), due);
            case KEY_MISMATCH -> {
                String other = FLUSH_FARM + "-stranger";
                yield new PlannedMessage(partitionOf(other), other, reading.toString(), due);
            }
            case FUTURE_TIMESTAMP ->
                    keyed(
                            animal,
                            reading.put(
                                    "timestamp",
                                    now.plus(Duration.ofDays(1))
                                            .plusSeconds(random.nextInt(3600))
                                            .toString()),
                            due);
        };
    }

    private ObjectNode reading(String animal, Instant when) {
        ObjectNode reading = JSON.createObjectNode();
        reading.put("schemaVersion", 1);
        reading.put("readingId", new UUID(random.nextLong(), random.nextLong()).toString());
        reading.put("farmId", animal.substring(0, animal.indexOf("-cow-")));
        reading.put("animalId", animal);
        reading.put("sensorId", "drill-bolus");
        reading.put("timestamp", when.toString());
        reading.put("rumenTempC", (385 + random.nextInt(8)) / 10.0);
        reading.put("activity", random.nextInt(5, 40));
        reading.put("ruminationMin", random.nextInt(0, 10));
        reading.put("waterIntakeL", random.nextInt(0, 20));
        return reading;
    }

    private String animal() {
        return animals.get(random.nextInt(animals.size()));
    }

    private PlannedMessage keyed(String key, Object value, double due) {
        return new PlannedMessage(partitionOf(key), key, value.toString(), due);
    }

    private int partitionOf(String key) {
        return partitionOf(key, partitions);
    }

    /** Kafka's default partitioner for a keyed record. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
