package io.herdpulse.producer.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herdpulse.model.Reading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void anInjectionTakesAnOffsetFromTheStartOrAnInstantAndAnOptionalLength() {
        Scenario scenario = new Scenario(START, 1);

        Episode byOffset = scenario.injection("fever:farm-01-cow-007@P3DT6H/PT36H");
        Episode byInstant = scenario.injection("SARA:farm-01-cow-001@2026-01-02T05:00:00Z/PT5H");
        Episode defaultLength = scenario.injection("estrus:farm-01-cow-002@PT1H");

        assertThat(byOffset.animalId()).isEqualTo("farm-01-cow-007");
        assertThat(byOffset.condition()).isEqualTo(Condition.FEVER);
        assertThat(byOffset.from()).isEqualTo("2026-01-04T06:00:00Z");
        assertThat(byOffset.to()).isEqualTo("2026-01-05T18:00:00Z");
        assertThat(byOffset.magnitude()).isBetween(40.0, 41.0);
        assertThat(byInstant.condition()).isEqualTo(Condition.SARA);
        assertThat(byInstant.to()).isEqualTo("2026-01-02T10:00:00Z");
        assertThat(byInstant.magnitude()).isBetween(5.45, 5.75);
        assertThat(Duration.between(defaultLength.from(), defaultLength.to()))
                .isBetween(Duration.ofHours(12), Duration.ofHours(18));
    }

    @Test
    void aBadInjectionSaysWhatIsWrong() {
        Scenario scenario = new Scenario(START, 1);

        assertThatThrownBy(() -> scenario.injection("fever-farm-01-cow-007"))
                .hasMessageContaining("is not CONDITION:ANIMAL@FROM[/LENGTH]");
        assertThatThrownBy(() -> scenario.injection("flu:farm-01-cow-007@P1D"))
                .hasMessageContaining("unknown condition 'flu'");
        assertThatThrownBy(() -> scenario.injection("fever:farm-01-cow-007@tomorrow"))
                .hasMessageContaining("'tomorrow' is neither an instant");
        assertThatThrownBy(() -> scenario.injection("fever:farm-01-cow-007@P1D/PT0S"))
                .hasMessageContaining("must be positive");
    }

    @Test
    void anAnimalOutsideTheHerdIsRejectedWithTheIdsThatExist() {
        assertThatThrownBy(
                        () ->
                                Simulations.settings(
                                        Simulations.options(
                                                5,
                                                null,
                                                1,
                                                0.2,
                                                0,
                                                List.of("fever:farm-01-cow-006@P1D"),
                                                null)))
                .hasMessage(
                        "no animal farm-01-cow-006 in the herd (farm-01-cow-001 .. farm-01-cow-005)");
    }

    @Test
    void theGroundTruthFileReplayedAsAScenarioReproducesTheSameRun(@TempDir Path dir)
            throws Exception {
        Path truth = dir.resolve("truth.csv");
        SimulationSettings.Options random =
                Simulations.options(10, Duration.ofDays(10), 5, 0.3, 0.5, List.of(), null);
        List<Reading> original;
        try (GroundTruthWriter writer = new GroundTruthWriter(truth)) {
            original = Simulations.run(random, writer);
        }
        List<String> lines = Files.readAllLines(truth);
        assertThat(lines.get(0)).isEqualTo(GroundTruthWriter.HEADER);
        assertThat(lines).hasSizeGreaterThan(10);

        List<Reading> replayed =
                Simulations.run(
                        Simulations.options(10, Duration.ofDays(10), 5, 0.3, 0, List.of(), truth));

        assertThat(replayed).isEqualTo(original);
    }

    @Test
    void randomConditionsFollowTheIncidenceNeverOverlapAndSaraOnlyHitsPhBoluses() {
        Map<String, List<Episode>> byAnimal = new HashMap<>();
        Map<String, Boolean> hasPh = new HashMap<>();
        int animals = 20;
        int days = 30;
        Simulations.run(
                Simulations.options(animals, Duration.ofDays(days), 11, 0.25, 0.2, List.of(), null),
                (animal, episode) -> {
                    byAnimal.computeIfAbsent(animal.animalId(), id -> new ArrayList<>())
                            .add(episode);
                    hasPh.put(animal.animalId(), animal.hasPh());
                });

        List<Episode> all = byAnimal.values().stream().flatMap(List::stream).toList();
        // 0.2 a day between episodes of ~1 day: about one episode every 6 days per animal.
        assertThat(all.size()).isBetween(animals * days / 12, animals * days / 3);
        for (List<Episode> own : byAnimal.values()) {
            for (int i = 1; i < own.size(); i++) {
                assertThat(own.get(i).overlaps(own.get(i - 1))).isFalse();
            }
        }
        assertThat(all)
                .filteredOn(e -> e.condition() == Condition.SARA)
                .allSatisfy(e -> assertThat(hasPh.get(e.animalId())).isTrue());
        assertThat(all.stream().map(Episode::condition).distinct().count()).isGreaterThan(6);
    }

    @Test
    void aScenarioFileNeedsItsColumnsAndNamesTheLineOfABadRow(@TempDir Path dir) throws Exception {
        Scenario scenario = new Scenario(START, 1);
        Path noFrom = Files.writeString(dir.resolve("a.csv"), "animal_id,condition\nx,fever\n");
        Path badRow =
                Files.writeString(
                        dir.resolve("b.csv"),
                        "animal_id,condition,from,to\nfarm-01-cow-001,fever,P1D,P2D\n"
                                + "farm-01-cow-002,fever,P1D,yesterday\n");

        assertThatThrownBy(() -> scenario.file(noFrom)).hasMessageContaining("has no column from");
        assertThatThrownBy(() -> scenario.file(badRow))
                .hasMessageContaining("line 3: 'yesterday' is neither an instant");
    }
}
