package io.herdpulse.stack.drill;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The one data set every run of a drill sends, fixed from the seed before the first run: a
 * simulated herd (its size and absolute start, and a scenario with every condition the simulator
 * knows, duplicates for about 1 % of the readings), the hostile messages and the flush readings.
 */
record DrillData(
        DrillSettings settings,
        Duration interval,
        int farms,
        int animalsPerFarm,
        Instant start,
        Instant end,
        List<String> scenario,
        List<PlannedMessage> hostile,
        List<PlannedMessage> flush) {

    /** As a real bolus reports; small drills report less often, to still cover the week. */
    private static final Duration SHORTEST_INTERVAL = Duration.ofMinutes(10);

    private static final Duration LONGEST_INTERVAL = Duration.ofHours(1);

    /** A week of history: the baseline rules (rumination, activity) need three days. */
    private static final Duration HISTORY = Duration.ofDays(7);

    /**
     * Enough animals that every partition has some: a partition with no herd animal would see only
     * the drill's own messages, go idle, and make lateness depend on timing.
     */
    private static final int MIN_ANIMALS = 16;

    private static final int MIN_ANIMALS_PER_PARTITION = 2;
    private static final int MAX_ANIMALS_PER_FARM = 100;

    /**
     * The data ends this long before the drill starts, so the flush readings an hour after it are
     * still in the past for the job's future-timestamp check.
     */
    private static final Duration END_BEFORE_NOW = Duration.ofHours(3);

    private static final Duration FLUSH_AFTER_END = Duration.ofHours(1);

    /** As long as the drill's own sender waits for the broker. */
    static final Duration SENDER_PATIENCE = Duration.ofMinutes(5);

    private static final Duration DUPLICATE_EPISODE = Duration.ofHours(6);

    /** Half of an episode's readings are sent twice: 2 % of the animal-time gives ~1 %. */
    private static final double DUPLICATED_SHARE_OF_TIME = 0.02;

    private static final List<String> CONDITIONS =
            List.of(
                    "fever",
                    "hypothermia",
                    "estrus",
                    "low_rumination",
                    "sara",
                    "silent",
                    "stuck",
                    "spikes");

    static DrillData plan(DrillSettings settings, Instant now, int partitions) {
        long readingsPerWeek = HISTORY.dividedBy(SHORTEST_INTERVAL);
        long animals = Math.max(MIN_ANIMALS, ceilDiv(settings.readings(), readingsPerWeek));
        int farms = (int) Math.max(2, ceilDiv(animals, MAX_ANIMALS_PER_FARM));
        int perFarm = (int) ceilDiv(animals, farms);
        while (!coversEveryPartition(animalIds(farms, perFarm), partitions)) {
            perFarm++;
        }
        long perAnimal = ceilDiv(settings.readings(), (long) farms * perFarm);
        Duration interval =
                Duration.ofMinutes(
                        Math.max(
                                SHORTEST_INTERVAL.toMinutes(),
                                Math.min(
                                        LONGEST_INTERVAL.toMinutes(),
                                        HISTORY.dividedBy(perAnimal).toMinutes())));
        Duration span = interval.multipliedBy(perAnimal);
        long step = interval.toSeconds();
        long startSecond = now.minus(span).minus(END_BEFORE_NOW).getEpochSecond();
        Instant start = Instant.ofEpochSecond(Math.floorDiv(startSecond, step) * step);
        Instant end = start.plus(span);
        List<String> ids = animalIds(farms, perFarm);
        SplittableRandom random = new SplittableRandom(settings.seed());
        HostileMessages hostile =
                new HostileMessages(random.split(), ids, start, end, now, partitions);
        return new DrillData(
                settings,
                interval,
                farms,
                perFarm,
                start,
                end,
                scenario(random.split(), ids, start, span),
                hostile.badAndLate(settings.readings()),
                hostile.flush(end.plus(FLUSH_AFTER_END)));
    }

    /** The producer's {@code simulate} arguments for one run's topic. */
    List<String> simulatorArguments(String bootstrapServers, String topic, String scenarioFile) {
        return List.of(
                "simulate",
                "--bootstrap-servers",
                bootstrapServers,
                "--topic",
                topic,
                "--farms",
                Integer.toString(farms),
                "--animals",
                Integer.toString(animalsPerFarm),
                "--interval",
                interval.toString(),
                "--start",
                start.toString(),
                "--count",
                Long.toString(settings.readings()),
                "--rate",
                Double.toString(settings.rate()),
                "--seed",
                Long.toString(settings.seed()),
                "--incidence",
                "0",
                "--scenario",
                scenarioFile,
                "--metrics-port",
                "0",
                // The producer must outlast a broker drill's outage, not fail the run with it.
                "--connect-timeout",
                SENDER_PATIENCE.toString(),
                "--delivery-timeout",
                SENDER_PATIENCE.toString());
    }

    String describe() {
        return String.format(
                Locale.ROOT,
                "%,d readings of %d farms x %d cows every %s from %s to %s at %,.0f/s, seed %d;"
                        + " %d scenario episodes, %d bad or very late messages",
                settings.readings(),
                farms,
                animalsPerFarm,
                interval,
                start,
                end,
                settings.rate(),
                settings.seed(),
                scenario.size() - 1,
                hostile.size());
    }

    private static boolean coversEveryPartition(List<String> ids, int partitions) {
        int[] animals = new int[partitions];
        ids.forEach(id -> animals[HostileMessages.partitionOf(id, partitions)]++);
        return Arrays.stream(animals).allMatch(count -> count >= MIN_ANIMALS_PER_PARTITION);
    }

    /** The simulator's animal ids (the producer's Herd.of names them so). */
    private static List<String> animalIds(int farms, int perFarm) {
        int farmDigits = Math.max(2, Integer.toString(farms).length());
        int animalDigits = Math.max(3, Integer.toString(perFarm).length());
        List<String> ids = new ArrayList<>();
        for (int farm = 1; farm <= farms; farm++) {
            for (int animal = 1; animal <= perFarm; animal++) {
                ids.add(
                        String.format(
                                Locale.ROOT,
                                "farm-%0" + farmDigits + "d-cow-%0" + animalDigits + "d",
                                farm,
                                animal));
            }
        }
        return ids;
    }

    /**
     * A scenario CSV: every condition at least once (one per 40 animals), after the three days of
     * history the baseline rules need where the data is long enough; duplicate episodes anywhere.
     */
    private static List<String> scenario(
            SplittableRandom random, List<String> ids, Instant start, Duration span) {
        List<String> lines = new ArrayList<>(List.of("animal_id,condition,from,to"));
        long spanSeconds = span.toSeconds();
        long earliest = Math.min(Duration.ofHours(84).toSeconds(), spanSeconds / 2);
        long latest = Math.max(earliest + 1, spanSeconds - Duration.ofDays(1).toSeconds());
        int perCondition = Math.max(1, ids.size() / 40);
        for (String condition : CONDITIONS) {
            for (int i = 0; i < perCondition; i++) {
                Instant from = start.plusSeconds(random.nextLong(earliest, latest));
                lines.add(pick(random, ids) + "," + condition + "," + from + ",");
            }
        }
        long episodes =
                Math.max(
                        2,
                        Math.round(
                                DUPLICATED_SHARE_OF_TIME
                                        * ids.size()
                                        * spanSeconds
                                        / DUPLICATE_EPISODE.toSeconds()));
        long lastStart = Math.max(1, spanSeconds - DUPLICATE_EPISODE.toSeconds());
        for (long i = 0; i < episodes; i++) {
            Instant from = start.plusSeconds(random.nextLong(0, lastStart));
            lines.add(
                    pick(random, ids) + ",duplicates," + from + "," + from.plus(DUPLICATE_EPISODE));
        }
        return lines;
    }

    private static String pick(SplittableRandom random, List<String> ids) {
        return ids.get(random.nextInt(ids.size()));
    }

    private static long ceilDiv(long dividend, long divisor) {
        return -Math.floorDiv(-dividend, divisor);
    }
}
