package io.herdpulse.producer.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.model.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Each condition against the same herd and seed without it: the readings outside the episode are
 * the same, those inside show the condition's sign, strongly enough for DESIGN.md's alert rule.
 */
class ConditionInjectionTest {
    private static final String COW = "farm-01-cow-002";
    private static final Instant FROM = Simulations.START.plus(Duration.ofDays(3));
    private static final long SEED = 99;

    @Test
    void aFeverRaisesTemperatureByOneToTwoDegreesLongEnoughForTheFeverRule() {
        Run run = run("fever:" + COW + "@P3D/PT36H");

        double peak = run.maxDifference(Reading::rumenTempC);
        assertThat(peak).isBetween(0.99, 2.01);
        assertThat(run.inside())
                .allSatisfy(
                        pair ->
                                assertThat(pair.sick().rumenTempC())
                                        .isGreaterThanOrEqualTo(pair.healthy().rumenTempC()));
        assertThat(longestRun(run.sickInside(), r -> r.rumenTempC() >= 39.7))
                .isGreaterThanOrEqualTo(3);
        run.assertUnchangedOutside();
    }

    @Test
    void aFeverReachesFeverLevelEvenInACowWithALowNormal() {
        String lowCow = "farm-01-cow-004";
        Run run = run("fever:" + lowCow + "@P3D/PT36H", 4);

        assertThat(run.sickInside().stream().mapToDouble(Reading::rumenTempC).max().orElseThrow())
                .isBetween(39.8, 41.3);
        assertThat(longestRun(run.sickInside(), r -> r.rumenTempC() >= 39.7))
                .isGreaterThanOrEqualTo(3);
        run.assertUnchangedOutside();
    }

    @Test
    void aMilkFeverCowDrinksOnHerWayDown() {
        Run run = run("hypothermia:" + COW + "@P3D/PT18H");
        List<Reading> inside = run.sickInside();
        // Her fall takes the first 6 h; she drinks every 3 h, each a fall of 2 °C or more.
        Instant fallEnds = run.episode().from().plus(Duration.ofHours(6));
        long drinksOnTheWayDown =
                IntStream.range(1, inside.size())
                        .filter(i -> inside.get(i).timestamp().isBefore(fallEnds))
                        .filter(
                                i ->
                                        inside.get(i).waterIntakeL() > 0
                                                && inside.get(i - 1).rumenTempC()
                                                                - inside.get(i).rumenTempC()
                                                        >= 2.0)
                        .count();
        assertThat(drinksOnTheWayDown).isGreaterThanOrEqualTo(2);
        run.assertUnchangedOutside();
    }

    @Test
    void hypothermiaLowersTemperatureBelow37Point5() {
        Run run = run("hypothermia:" + COW + "@P3D/PT18H");

        assertThat(longestRun(run.sickInside(), r -> r.rumenTempC() <= 37.5))
                .isGreaterThanOrEqualTo(3);
        run.assertUnchangedOutside();
    }

    @Test
    void estrusMultipliesActivityByTwoToFour() {
        Run run = run("estrus:" + COW + "@P3D/PT15H");
        // Two hours in the middle of the episode, past its one-hour ramp.
        Instant from = FROM.plus(Duration.ofHours(6));
        Instant to = from.plus(Duration.ofHours(2));
        double sick = run.sum(run.sickInside(), from, to, Reading::activity);
        double healthy = run.sum(run.healthyInside(), from, to, Reading::activity);

        assertThat(sick / healthy).isBetween(1.95, 4.05);
        run.assertUnchangedOutside();
    }

    @Test
    void lowRuminationCutsDailyRuminationUnderSixtyPercent() {
        Run run = run("low_rumination:" + COW + "@P3D/PT72H");
        Instant from = FROM.plus(Duration.ofHours(12));
        Instant to = from.plus(Duration.ofHours(24));
        double sick = run.sum(run.sickInside(), from, to, Reading::ruminationMin);
        double healthy = run.sum(run.healthyInside(), from, to, Reading::ruminationMin);

        assertThat(sick / healthy).isBetween(0.29, 0.51);
        assertThat(sick).isLessThan(0.6 * 450);
        run.assertUnchangedOutside();
    }

    @Test
    void saraKeepsPhUnder5Point8ForHoursEvenOnAnAnimalWithoutAPhBolus() {
        Run run = run("sara:" + COW + "@P3D/PT6H");

        long under = run.sickInside().stream().filter(r -> r.rumenPh() < 5.8).count();
        assertThat(under * 10).isGreaterThanOrEqualTo(180); // minutes, at one reading per 10 min
        assertThat(run.sick())
                .filteredOn(r -> r.animalId().equals(COW))
                .allSatisfy(r -> assertThat(r.rumenPh()).isNotNull());
    }

    @Test
    void aSilentSensorSendsNothingDuringItsEpisode() {
        Run run = run("silent:" + COW + "@P3D/PT3H");

        assertThat(run.sickInside()).isEmpty();
        assertThat(run.healthyInside()).hasSize(18);
        run.assertUnchangedOutside();
    }

    @Test
    void aStuckSensorRepeatsItsLastGoodValues() {
        Run run = run("stuck:" + COW + "@P3D/PT6H");
        Reading last = run.sickOutsideBefore();

        assertThat(run.sickInside())
                .hasSize(36)
                .allSatisfy(
                        r -> {
                            assertThat(r.rumenTempC()).isEqualTo(last.rumenTempC());
                            assertThat(r.activity()).isEqualTo(last.activity());
                            assertThat(r.ruminationMin()).isEqualTo(last.ruminationMin());
                            assertThat(r.waterIntakeL()).isEqualTo(last.waterIntakeL());
                        });
        assertThat(run.sickInside()).extracting(Reading::readingId).doesNotHaveDuplicates();
        run.assertUnchangedOutside();
    }

    @Test
    void spikesSendImpossibleTemperaturesOnlyDuringTheEpisode() {
        Run run = run("spikes:" + COW + "@P3D/PT12H");
        Predicate<Reading> outOfRange = r -> r.rumenTempC() < 20 || r.rumenTempC() > 45;

        long spikes = run.sickInside().stream().filter(outOfRange).count();
        assertThat(spikes).isBetween(72 / 8L, 72 / 2L); // a quarter of 72 readings, give or take
        assertThat(run.sick()).filteredOn(r -> !run.isInside(r)).noneMatch(outOfRange);
    }

    @Test
    void duplicatesResendReadingsWithTheSameIdOnlyDuringTheEpisode() {
        Run run = run("duplicates:" + COW + "@P3D/PT6H");

        List<Reading> inside = run.sickInside();
        long distinct = inside.stream().map(Reading::readingId).distinct().count();
        assertThat(distinct).isEqualTo(36);
        assertThat(inside.size() - distinct).isBetween(36 / 4L, 36 * 3 / 4L);
        assertThat(run.sick().stream().filter(r -> !run.isInside(r)).map(Reading::readingId))
                .doesNotHaveDuplicates();
    }

    @Test
    void theGroundTruthListsEachEpisodeWithItsExpectedAlert() {
        List<String> lines = new ArrayList<>();
        Simulations.run(
                Simulations.options(
                        3,
                        Duration.ofDays(5),
                        SEED,
                        0.2,
                        0,
                        List.of("fever:" + COW + "@P3D/PT36H", "stuck:farm-01-cow-003@PT6H/PT2H"),
                        null),
                (animal, episode) ->
                        lines.add(
                                animal.animalId()
                                        + " "
                                        + episode.condition()
                                        + " "
                                        + episode.from()
                                        + " "
                                        + episode.to()
                                        + " "
                                        + episode.condition().expectedAlert()));

        assertThat(lines)
                .containsExactly(
                        "farm-01-cow-003 STUCK 2026-01-01T06:00:00Z 2026-01-01T08:00:00Z null",
                        COW + " FEVER 2026-01-04T00:00:00Z 2026-01-05T12:00:00Z FEVER");
    }

    /** A longest streak of consecutive readings matching a test. */
    private static int longestRun(List<Reading> readings, Predicate<Reading> test) {
        int longest = 0;
        int current = 0;
        for (Reading reading : readings) {
            current = test.test(reading) ? current + 1 : 0;
            longest = Math.max(longest, current);
        }
        return longest;
    }

    private static Run run(String injection) {
        return run(injection, 3);
    }

    private static Run run(String injection, int animals) {
        Duration days = Duration.ofDays(6);
        List<Reading> healthy =
                Simulations.run(Simulations.options(animals, days, SEED, 0, 0, List.of(), null));
        Episode[] episode = new Episode[1];
        List<Reading> sick =
                Simulations.run(
                        Simulations.options(animals, days, SEED, 0, 0, List.of(injection), null),
                        (animal, started) -> episode[0] = started);
        assertThat(episode[0]).as("the episode started").isNotNull();
        return new Run(healthy, sick, episode[0]);
    }

    private record Pair(Reading healthy, Reading sick) {}

    private record Run(List<Reading> healthy, List<Reading> sick, Episode episode) {
        boolean isInside(Reading reading) {
            return reading.animalId().equals(episode.animalId())
                    && episode.isActiveAt(reading.timestamp());
        }

        List<Reading> sickInside() {
            return sick.stream().filter(this::isInside).toList();
        }

        List<Reading> healthyInside() {
            return healthy.stream().filter(this::isInside).toList();
        }

        Reading sickOutsideBefore() {
            return sick.stream()
                    .filter(r -> r.animalId().equals(episode.animalId()))
                    .filter(r -> r.timestamp().isBefore(episode.from()))
                    .reduce((first, second) -> second)
                    .orElseThrow();
        }

        List<Pair> inside() {
            List<Reading> healthyInside = healthyInside();
            List<Reading> sickInside = sickInside();
            assertThat(sickInside).hasSameSizeAs(healthyInside);
            return IntStream.range(0, sickInside.size())
                    .mapToObj(i -> new Pair(healthyInside.get(i), sickInside.get(i)))
                    .toList();
        }

        double maxDifference(java.util.function.ToDoubleFunction<Reading> value) {
            return inside().stream()
                    .mapToDouble(
                            p -> value.applyAsDouble(p.sick()) - value.applyAsDouble(p.healthy()))
                    .max()
                    .orElseThrow();
        }

        double sum(
                List<Reading> readings,
                Instant from,
                Instant to,
                java.util.function.ToDoubleFunction<Reading> value) {
            return readings.stream()
                    .filter(r -> !r.timestamp().isBefore(from) && r.timestamp().isBefore(to))
                    .mapToDouble(value)
                    .sum();
        }

        void assertUnchangedOutside() {
            assertThat(sick.stream().filter(r -> !isInside(r)).toList())
                    .isEqualTo(healthy.stream().filter(r -> !isInside(r)).toList());
        }
    }
}
