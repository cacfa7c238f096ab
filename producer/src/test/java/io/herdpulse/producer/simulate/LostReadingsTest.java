package io.herdpulse.producer.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herdpulse.model.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LostReadingsTest {
    private static final SimulationSettings.Options HERD =
            Simulations.options(
                    50,
                    Duration.ofDays(7),
                    5,
                    0.2,
                    0,
                    List.of("hypothermia:farm-01-cow-003@P3D", "silent:farm-01-cow-004@P2D/PT6H"),
                    null);

    @Test
    void aLossyHerdSendsTheSameReadingsLessAShareLostAtRandom() {
        List<Reading> all = Simulations.run(HERD);
        List<Reading> lossy = Simulations.run(withLoss(HERD, 0.05));

        assertThat(all).containsSubsequence(lossy);
        // 50 cows x 1,008 readings: a 5 % loss is 2,520 readings, give or take 49 (one sigma).
        double lost = 1 - (double) lossy.size() / all.size();
        assertThat(lost).isBetween(0.045, 0.055);
        assertThat(lossy.stream().map(Reading::animalId).distinct()).hasSize(50);
    }

    @Test
    void aSilenceLeavesTheReadingsLostAfterItAsTheyWere() {
        SimulationSettings.Options withoutSilence =
                Simulations.options(
                        50,
                        Duration.ofDays(7),
                        5,
                        0.2,
                        0,
                        List.of("hypothermia:farm-01-cow-003@P3D"),
                        null);
        Instant afterSilence = Simulations.START.plus(Duration.ofDays(2).plusHours(6));

        assertThat(afterSilence(Simulations.run(withLoss(HERD, 0.05)), afterSilence))
                .isNotEmpty()
                .isEqualTo(
                        afterSilence(
                                Simulations.run(withLoss(withoutSilence, 0.05)), afterSilence));
    }

    private static List<Reading> afterSilence(List<Reading> readings, Instant from) {
        return readings.stream()
                .filter(r -> r.animalId().equals("farm-01-cow-004"))
                .filter(r -> !r.timestamp().isBefore(from))
                .toList();
    }

    @Test
    void aLossShareOfOneOrMoreIsRefusedWithItsOption() {
        assertThatThrownBy(() -> Simulations.settings(withLoss(HERD, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--loss-share must be 0 or more and below 1, not 1.0");
    }

    private static SimulationSettings.Options withLoss(
            SimulationSettings.Options o, double lossShare) {
        return new SimulationSettings.Options(
                o.farms(),
                o.animalsPerFarm(),
                o.interval(),
                o.start(),
                o.duration(),
                o.count(),
                o.rate(),
                o.speed(),
                o.seed(),
                o.phShare(),
                o.incidence(),
                lossShare,
                o.injections(),
                o.scenarioFile());
    }
}
