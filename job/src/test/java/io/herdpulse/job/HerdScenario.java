package io.herdpulse.job;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.herdpulse.model.Reading;
import io.herdpulse.model.ReadingJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A generated herd for the pipeline tests, and the rows the job must write for it, computed here
 * from the data alone (no class of the job is used).
 *
 * <p>Two farms of 4 and 3 animals on 4 partitions report every 20 s for 30 minutes (phase A); then
 * phase B sends duplicates (within and beyond the de-duplication horizon), readings far too late, a
 * reading still on time and more bad messages; phase C one more bad message. Phase A holds readings
 * out of order within the out-of-orderness, one beyond it but within the allowed lateness, a
 * duplicate, a far-future timestamp (which must not move event time) and one bad message of every
 * validation reason. Every value is a multiple of a power of two, so sums are exact whatever the
 * order the job adds them in, and averages compare exactly.
 */
final class HerdScenario {
    static final Instant T0 = Instant.parse("2026-01-05T06:00:00Z");
    static final int PARTITIONS = 4;
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(5);
    static final Duration ALLOWED_LATENESS = Duration.ofSeconds(20);
    static final Duration DEDUP_HORIZON = Duration.ofMinutes(5);
    static final double FEVER_C = 39.7;
    static final double ALERT_C = 39.75;

    private static final List<String> ANIMALS = List.of("a1", "a2", "a3", "a4", "b1", "b2", "b3");
    private static final int STEPS = 90;

    enum Phase {
        A,
        B,
        /** One last record: a bounded run cannot finish before the test sends it. */
        C
    }

    /**
     * One record to produce.
     *
     * @param sequence the message's place in send order; makes every message distinct
     * @param reading the reading the message carries when it is valid by the contract
     * @param reason the reject reason the contract gives it; null when valid
     * @param detailNames a word the reject's detail must contain (the field)
     */
    record Message(
            int sequence,
            Phase phase,
            int partition,
            String key,
            byte[] value,
            Reading reading,
            String reason,
            String detailNames) {}

    record Position(int partition, long offset) {}

    record AnimalRow(
            String animalId,
            Instant windowStart,
            String farmId,
            Instant windowEnd,
            int readings,
            double tempAvg,
            double tempMin,
            double tempMax,
            double activityAvg,
            double ruminationMin,
            double waterIntakeL,
            Double phAvg,
            Double phMin) {}

    record FarmRow(
            String farmId,
            Instant windowStart,
            Instant windowEnd,
            int animals,
            int readings,
            double tempAvg,
            int animalsWithFever) {}

    record RejectRow(Position position, String reason, byte[] payload, String detailNames) {}

    record AlertRow(
            String alertId,
            String animalId,
            String farmId,
            String kind,
            String severity,
            Instant startedAt,
            Instant endedAt,
            double value,
            double threshold,
            String detailsReadingId,
            Instant detectedAt) {}

    final List<Message> messages = new ArrayList<>();

    HerdScenario(Instant now) {
        Map<String, Reading> heldBack = new HashMap<>();
        for (int step = 0; step < STEPS; step++) {
            List<String> order = new ArrayList<>(ANIMALS);
            if (step == 60) {
                // 4 s out of order in every partition: within the out-of-orderness
                order.sort(Comparator.reverseOrder());
            }
            for (String animal : order) {
                Reading reading = reading(animal, step);
                if (animal.equals("a2") && step == 32) {
                    heldBack.put(animal, reading); // sent after step 34: 40 s late, within lateness
                    continue;
                }
                valid(Phase.A, reading);
                if (animal.equals("a2") && step == 34) {
                    valid(Phase.A, heldBack.remove("a2"));
                }
                if (animal.equals("a2") && step == 10) {
                    valid(Phase.A, reading); // a producer retry: DUPLICATE
                }
                if (animal.equals("a4") && step == 15) {
                    invalidPhaseA(step);
                }
            }
        }
        Reading future =
                new Reading(
                        1,
                        uuid("future"),
                        "farm-b",
                        "b3",
                        "bolus-b3",
                        now.plus(Duration.ofDays(1)),
                        38.5,
                        1,
                        1,
                        null,
                        null);
        bad(Phase.A, 2, "b3", ReadingJson.toJson(future), "FUTURE_TIMESTAMP", "timestamp");

        // Phase B, sent once the job has processed phase A.
        Reading original = reading("a1", 5);
        valid(Phase.B, original); // a re-send long after, beyond the de-duplication horizon: LATE
        Reading changed = reading("b2", 7);
        valid(
                Phase.B,
                3,
                new Reading(
                        1,
                        changed.readingId(),
                        "farm-b",
                        "b2",
                        "bolus-b2",
                        changed.timestamp(),
                        39.0,
                        1,
                        1,
                        null,
                        null)); // same id, other values, other partition, beyond the horizon: LATE
        // A re-send of a reading whose window is closed, within the horizon: DUPLICATE, not LATE.
        valid(Phase.B, reading("a2", 80));
        valid(Phase.B, fresh("a3", T0.plus(Duration.ofSeconds(630)), 39.75)); // LATE
        valid(Phase.B, fresh("b1", T0.plus(Duration.ofMinutes(5)), 38.25)); // LATE
        valid(Phase.B, fresh("a4", T0.plus(Duration.ofSeconds(29 * 60 + 50)), 39.875)); // on time
        bad(Phase.B, 1, null, "]".getBytes(UTF_8), "MALFORMED_JSON", "JSON");
        bad(Phase.C, 2, null, "[]".getBytes(UTF_8), "MALFORMED_JSON", "array");
    }

    private void invalidPhaseA(int step) {
        Reading base = reading("a1", step);
        String valid = new String(ReadingJson.toJson(base), UTF_8);
        bad(Phase.A, 0, "a1", "{not json".getBytes(UTF_8), "MALFORMED_JSON", "JSON");
        bad(Phase.A, 3, "a4", null, "MALFORMED_JSON", "no value");
        bad(
                Phase.A,
                1,
                "a2",
                valid.replace("\"schemaVersion\":1", "\"schemaVersion\":2").getBytes(UTF_8),
                "UNSUPPORTED_VERSION",
                "schemaVersion");
        bad(
                Phase.A,
                2,
                "a3",
                valid.replaceAll("\"rumenTempC\":[0-9.]+,", "").getBytes(UTF_8),
                "MISSING_FIELD",
                "rumenTempC");
        bad(
                Phase.A,
                3,
                null,
                valid.replace("\"animalId\":\"a1\"", "\"animalId\":\"cow 7\"").getBytes(UTF_8),
                "INVALID_VALUE",
                "animalId");
        bad(
                Phase.A,
                0,
                "a1",
                valid.replaceAll("\"rumenTempC\":[0-9.]+", "\"rumenTempC\":NaN").getBytes(UTF_8),
                "INVALID_VALUE",
                "rumenTempC");
        bad(
                Phase.A,
                1,
                "b1",
                ReadingJson.toJson(
                        new Reading(
                                1,
                                uuid("acid"),
                                "farm-b",
                                "b1",
                                "bolus-b1",
                                base.timestamp(),
                                38.5,
                                1,
                                1,
                                null,
                                9.5)),
                "OUT_OF_RANGE",
                "rumenPh");
        bad(Phase.A, 0, "b1", valid.getBytes(UTF_8), "KEY_MISMATCH", "animalId");
    }

    private static int index(String animal) {
        return ANIMALS.indexOf(animal);
    }

    static int partitionOf(String animal) {
        return index(animal) % PARTITIONS;
    }

    private static String farmOf(String animal) {
        return animal.startsWith("a") ? "farm-a" : "farm-b";
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(UTF_8)).toString();
    }

    private static Reading reading(String animal, int step) {
        int i = index(animal);
        Instant timestamp = T0.plusSeconds(20L * step + i);
        return new Reading(
                1,
                uuid(animal + "@" + timestamp),
                farmOf(animal),
                animal,
                "bolus-" + animal,
                timestamp,
                38.0 + ((step * 3 + i * 5) % 16) * 0.125,
                ((step + i) % 20) * 0.25,
                ((step * 7 + i) % 10) * 0.5,
                i % 2 == 0 ? ((step + i) % 8) * 0.25 : null,
                animal.startsWith("b") ? 5.5 + ((step + i) % 8) * 0.0625 : null);
    }

    private static Reading fresh(String animal, Instant timestamp, double tempC) {
        return new Reading(
                1,
                uuid("fresh " + animal + "@" + timestamp),
                farmOf(animal),
                animal,
                "bolus-" + animal,
                timestamp,
                tempC,
                2.5,
                3.5,
                null,
                null);
    }

    private void valid(Phase phase, Reading reading) {
        valid(phase, partitionOf(reading.animalId()), reading);
    }

    private void valid(Phase phase, int partition, Reading reading) {
        messages.add(
                new Message(
                        messages.size(),
                        phase,
                        partition,
                        reading.animalId(),
                        ReadingJson.toJson(reading),
                        reading,
                        null,
                        null));
    }

    private void bad(
            Phase phase, int partition, String key, byte[] value, String reason, String names) {
        messages.add(
                new Message(messages.size(), phase, partition, key, value, null, reason, names));
    }

    List<Message> phase(Phase phase) {
        return messages.stream().filter(m -> m.phase() == phase).toList();
    }

    /** Offsets as a fresh topic assigns them: in send order, per partition from 0. */
    Map<Message, Position> positions() {
        Map<Message, Position> positions = new HashMap<>();
        long[] next = new long[PARTITIONS];
        for (Message message : messages) {
            positions.put(message, new Position(message.partition(), next[message.partition()]++));
        }
        return positions;
    }

    /** The end offset of every partition once all messages are sent. */
    Map<Integer, Long> endOffsets() {
        Map<Integer, Long> ends = new TreeMap<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            ends.put(partition, 0L);
        }
        messages.forEach(m -> ends.merge(m.partition(), 1L, Long::sum));
        return ends;
    }

    /**
     * The valid readings that are not DUPLICATE: the first of each id of an animal, and copies that
     * arrive after the first was forgotten. Copies within phase A follow their first closely; a
     * copy in phase B is recognised while the watermark phase A left is short of the first's window
     * close plus the horizon.
     */
    private List<Message> notDuplicates() {
        Map<String, Message> firsts = new HashMap<>();
        List<Message> kept = new ArrayList<>();
        for (Message m : messages) {
            if (m.reading() == null || m.reason() != null) {
                continue;
            }
            String key = m.reading().animalId() + "/" + m.reading().readingId();
            Message first = firsts.putIfAbsent(key, m);
            if (first == null || !isDuplicateOf(m, first)) {
                kept.add(m);
            }
        }
        return kept;
    }

    private boolean isDuplicateOf(Message copy, Message first) {
        return copy.phase() == Phase.A
                || windowCleanup(first.reading().timestamp()) + DEDUP_HORIZON.toMillis()
                        > watermarkAfterPhaseA();
    }

    /**
     * The watermark the windows reach on phase A: the smallest over the partitions of the newest
     * valid event time minus the out-of-orderness, minus 1 ms (Flink's bounded out-of-orderness).
     */
    long watermarkAfterPhaseA() {
        long[] newest = new long[PARTITIONS];
        java.util.Arrays.fill(newest, Long.MIN_VALUE);
        for (Message m : phase(Phase.A)) {
            if (m.reading() != null && m.reason() == null) {
                newest[m.partition()] =
                        Math.max(newest[m.partition()], m.reading().timestamp().toEpochMilli());
            }
        }
        return java.util.Arrays.stream(newest).min().orElseThrow()
                - OUT_OF_ORDERNESS.toMillis()
                - 1;
    }

    private static long windowStart(Instant time) {
        return Math.floorDiv(time.toEpochMilli(), WINDOW.toMillis()) * WINDOW.toMillis();
    }

    /** The watermark at which the window holding {@code time} is dropped. */
    private static long windowCleanup(Instant time) {
        return windowStart(time) + WINDOW.toMillis() - 1 + ALLOWED_LATENESS.toMillis();
    }

    private boolean isLate(Message m) {
        return m.phase() == Phase.B
                && windowCleanup(m.reading().timestamp()) <= watermarkAfterPhaseA();
    }

    /** The readings the windows count: valid, not duplicates, not late. */
    List<Reading> counted() {
        return notDuplicates().stream().filter(m -> !isLate(m)).map(Message::reading).toList();
    }

    List<AnimalRow> animalRows() {
        return animalRows(counted());
    }

    /** The rows of {@code animal_health_stats} for these counted readings, in key order. */
    static List<AnimalRow> animalRows(List<Reading> counted) {
        Map<String, Map<Long, List<Reading>>> byAnimalAndWindow = new TreeMap<>();
        for (Reading r : counted) {
            byAnimalAndWindow
                    .computeIfAbsent(r.animalId(), a -> new TreeMap<>())
                    .computeIfAbsent(windowStart(r.timestamp()), w -> new ArrayList<>())
                    .add(r);
        }
        List<AnimalRow> rows = new ArrayList<>();
        byAnimalAndWindow.forEach(
                (animal, windows) ->
                        windows.forEach(
                                (start, readings) -> rows.add(animalRow(animal, start, readings))));
        return rows;
    }

    private static AnimalRow animalRow(String animal, long start, List<Reading> readings) {
        int n = readings.size();
        List<Double> ph = readings.stream().map(Reading::rumenPh).filter(p -> p != null).toList();
        return new AnimalRow(
                animal,
                Instant.ofEpochMilli(start),
                readings.get(0).farmId(),
                Instant.ofEpochMilli(start).plus(WINDOW),
                n,
                readings.stream().mapToDouble(Reading::rumenTempC).sum() / n,
                readings.stream().mapToDouble(Reading::rumenTempC).min().orElseThrow(),
                readings.stream().mapToDouble(Reading::rumenTempC).max().orElseThrow(),
                readings.stream().mapToDouble(Reading::activity).sum() / n,
                readings.stream().mapToDouble(Reading::ruminationMin).sum(),
                readings.stream()
                        .map(Reading::waterIntakeL)
                        .filter(w -> w != null)
                        .mapToDouble(Double::doubleValue)
                        .sum(),
                ph.isEmpty()
                        ? null
                        : ph.stream().mapToDouble(Double::doubleValue).sum() / ph.size(),
                ph.isEmpty()
                        ? null
                        : ph.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
    }

    List<FarmRow> farmRows() {
        return farmRows(counted());
    }

    /** The rows of {@code farm_health_stats} for these counted readings, in key order. */
    static List<FarmRow> farmRows(List<Reading> counted) {
        Map<String, Map<Long, List<Reading>>> byFarmAndWindow = new TreeMap<>();
        for (Reading r : counted) {
            byFarmAndWindow
                    .computeIfAbsent(r.farmId(), f -> new TreeMap<>())
                    .computeIfAbsent(windowStart(r.timestamp()), w -> new ArrayList<>())
                    .add(r);
        }
        List<FarmRow> rows = new ArrayList<>();
        byFarmAndWindow.forEach(
                (farm, windows) ->
                        windows.forEach(
                                (start, readings) -> {
                                    Map<String, Double> maxByAnimal =
                                            readings.stream()
                                                    .collect(
                                                            Collectors.toMap(
                                                                    Reading::animalId,
                                                                    Reading::rumenTempC,
                                                                    Math::max));
                                    rows.add(
                                            new FarmRow(
                                                    farm,
                                                    Instant.ofEpochMilli(start),
                                                    Instant.ofEpochMilli(start).plus(WINDOW),
                                                    maxByAnimal.size(),
                                                    readings.size(),
                                                    readings.stream()
                                                                    .mapToDouble(
                                                                            Reading::rumenTempC)
                                                                    .sum()
                                                            / readings.size(),
                                                    (int)
                                                            maxByAnimal.values().stream()
                                                                    .filter(t -> t >= FEVER_C)
                                                                    .count()));
                                }));
        return rows;
    }

    List<RejectRow> rejectRows() {
        Map<Message, Position> positions = positions();
        Set<Message> unique = Set.copyOf(notDuplicates());
        List<RejectRow> rows = new ArrayList<>();
        for (Message m : messages) {
            byte[] payload = m.value() == null ? new byte[0] : m.value();
            if (m.reason() != null) {
                rows.add(new RejectRow(positions.get(m), m.reason(), payload, m.detailNames()));
            } else if (!unique.contains(m)) {
                rows.add(new RejectRow(positions.get(m), "DUPLICATE", payload, "readingId"));
            } else if (isLate(m)) {
                rows.add(new RejectRow(positions.get(m), "LATE", payload, "timestamp"));
            }
        }
        rows.sort(
                Comparator.comparing((RejectRow r) -> r.position().partition())
                        .thenComparing(r -> r.position().offset()));
        return rows;
    }

    /**
     * What the test's alert stage writes: every reading that is not a duplicate (LATE ones too) at
     * or above {@link #ALERT_C} starts an alert that ends a minute later; the end's severity and
     * values win, the start's detection time stays. A copy beyond the horizon raises the same alert
     * again: one row.
     */
    List<AlertRow> alertRows() {
        Map<String, AlertRow> byId = new TreeMap<>();
        notDuplicates().stream()
                .map(Message::reading)
                .filter(r -> r.rumenTempC() >= ALERT_C)
                .forEach(
                        r ->
                                byId.putIfAbsent(
                                        r.animalId() + "/FEVER/" + r.timestamp(),
                                        new AlertRow(
                                                r.animalId() + "/FEVER/" + r.timestamp(),
                                                r.animalId(),
                                                r.farmId(),
                                                "FEVER",
                                                "CRITICAL",
                                                r.timestamp(),
                                                r.timestamp().plus(WINDOW),
                                                r.rumenTempC(),
                                                FEVER_C,
                                                r.readingId(),
                                                r.timestamp())));
        return List.copyOf(byId.values());
    }
}
