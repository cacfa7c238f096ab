package io.herdpulse.stack.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class DrillDataTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-02T05:31:17Z");
    private static final int PARTITIONS = 4;

    private static DrillData plan(long readings, long seed) {
        return DrillData.plan(
                new DrillSettings(
                        readings,
                        seed,
                        1000,
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(20),
                        3,
                        Optional.empty(),
                        false),
                NOW,
                PARTITIONS);
    }

    @Test
    void theSameSeedGivesTheSameDataAndAnotherSeedOtherData() {
        DrillData once = plan(20_000, 7);
        DrillData again = plan(20_000, 7);
        DrillData other = plan(20_000, 8);

        assertThat(again.scenario()).isEqualTo(once.scenario());
        assertThat(again.hostile()).isEqualTo(once.hostile());
        assertThat(again.flush()).isEqualTo(once.flush());
        assertThat(other.hostile()).isNotEqualTo(once.hostile());
        assertThat(other.scenario()).isNotEqualTo(once.scenario());
    }

    @Test
    void theHerdReportsEveryTenMinutesForAboutAWeekAndEndsHoursBeforeNow() {
        DrillData data = plan(1_000_000, 1);
        long animals = (long) data.farms() * data.animalsPerFarm();
        long readingsPerAnimal = Duration.between(data.start(), data.end()).toMinutes() / 10;

        assertThat(data.interval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(animals * readingsPerAnimal).isBetween(1_000_000L, 1_000_000L + animals);
        assertThat(readingsPerAnimal).isBetween(1000L, 1008L);
        assertThat(data.start().getEpochSecond() % 600).isZero();
        assertThat(data.end()).isBefore(NOW.minus(Duration.ofHours(3)));
    }

    @Test
    void aSmallDrillReportsLessOftenToStillCoverDaysAndPutsAnimalsInEveryPartition() {
        DrillData data = plan(2000, 1);
        List<String> animals = new ArrayList<>();
        int digits = Math.max(3, Integer.toString(data.animalsPerFarm()).length());
        for (int farm = 1; farm <= data.farms(); farm++) {
            for (int cow = 1; cow <= data.animalsPerFarm(); cow++) {
                animals.add(String.format("farm-%02d-cow-%0" + digits + "d", farm, cow));
            }
        }
        Map<Integer, Long> perPartition =
                animals.stream()
                        .collect(
                                Collectors.groupingBy(
                                        DrillDataTest::kafkaPartition, Collectors.counting()));

        assertThat(perPartition).containsOnlyKeys(0, 1, 2, 3);
        assertThat(perPartition.values()).allMatch(count -> count >= 2);
        assertThat(animals.size()).isGreaterThanOrEqualTo(16);
        assertThat(data.interval()).isEqualTo(Duration.ofHours(1));
        assertThat(Duration.between(data.start(), data.end()))
                .isGreaterThanOrEqualTo(Duration.ofDays(4));
    }

    @Test
    void theScenarioInjectsEveryConditionAndDuplicatesForAboutOnePercentOfReadings() {
        DrillData data = plan(100_000, 3);
        List<String> rows = data.scenario().subList(1, data.scenario().size());

        assertThat(rows.stream().map(row -> row.split(",")[1]).distinct())
                .containsExactlyInAnyOrder(
                        "fever",
                        "hypothermia",
                        "estrus",
                        "low_rumination",
                        "sara",
                        "silent",
                        "stuck",
                        "spikes",
                        "duplicates");
        long duplicatedMinutes =
                rows.stream()
                        .filter(row -> row.contains(",duplicates,"))
                        .mapToLong(
                                row ->
                                        Duration.between(
                                                        Instant.parse(row.split(",")[2]),
                                                        Instant.parse(row.split(",")[3]))
                                                .toMinutes())
                        .sum();
        // Half the readings of a duplicates episode are sent twice.
        double duplicates = duplicatedMinutes / 10.0 / 2;
        assertThat(duplicates / 100_000).isBetween(0.008, 0.012);
    }

    @Test
    void badMessagesAreAboutOnePercentOfEachFaultInTurnAndVeryLateOnesComeAfterAThird()
            throws Exception {
        DrillData data = plan(70_000, 11);
        List<PlannedMessage> late =
                data.hostile().stream().filter(message -> isValidBefore(message, data)).toList();
        List<PlannedMessage> bad =
                data.hostile().stream().filter(message -> !late.contains(message)).toList();

        assertThat(bad).hasSize(700);
        assertThat(late).hasSize(70);
        assertThat(late).allMatch(message -> message.due() >= 1.0 / 3 && message.due() < 1);
        long malformed = bad.stream().filter(message -> !parses(message.value())).count();
        assertThat(malformed).isEqualTo(100);
        long keyMismatches =
                bad.stream()
                        .filter(message -> parses(message.value()))
                        .filter(message -> !message.key().equals(field(message, "animalId")))
                        .count();
        assertThat(keyMismatches).isEqualTo(100);
        long future =
                bad.stream()
                        .filter(message -> parses(message.value()))
                        .filter(message -> isInstant(field(message, "timestamp")))
                        .filter(message -> Instant.parse(field(message, "timestamp")).isAfter(NOW))
                        .count();
        assertThat(future).isEqualTo(100);
    }

    @Test
    void everyMessageGoesToThePartitionKafkaWouldPickForItsKey() {
        DrillData data = plan(10_000, 5);

        for (PlannedMessage message : data.hostile()) {
            assertThat(message.partition()).isEqualTo(kafkaPartition(message.key()));
        }
        assertThat(data.flush().stream().map(PlannedMessage::partition))
                .containsExactly(0, 1, 2, 3);
        for (PlannedMessage flush : data.flush()) {
            assertThat(flush.partition()).isEqualTo(kafkaPartition(flush.key()));
            assertThat(Instant.parse(field(flush, "timestamp")))
                    .isEqualTo(data.end().plus(Duration.ofHours(1)));
            assertThat(field(flush, "farmId")).isEqualTo("drill-flush");
        }
    }

    private static boolean isValidBefore(PlannedMessage message, DrillData data) {
        if (!parses(message.value())) {
            return false;
        }
        String timestamp = field(message, "timestamp");
        return isInstant(timestamp)
                && Instant.parse(timestamp)
                        .isBefore(data.start().minus(Duration.ofDays(1)).plusSeconds(1))
                && field(message, "schemaVersion").equals("1")
                && message.key().equals(field(message, "animalId"));
    }

    private static int kafkaPartition(String key) {
        return BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), PARTITIONS);
    }

    private static boolean parses(String value) {
        try {
            return JSON.readTree(value).isObject();
        } catch (Exception malformed) {
            return false;
        }
    }

    private static boolean isInstant(String text) {
        try {
            Instant.parse(text);
            return true;
        } catch (Exception notOne) {
            return false;
        }
    }

    private static String field(PlannedMessage message, String name) {
        try {
            JsonNode value = JSON.readTree(message.value()).path(name);
            return value.isMissingNode() ? "" : value.asText();
        } catch (Exception malformed) {
            throw new AssertionError(malformed);
        }
    }
}
