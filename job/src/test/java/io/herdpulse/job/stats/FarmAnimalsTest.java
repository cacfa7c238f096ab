package io.herdpulse.job.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FarmAnimalsTest {
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant END = START.plusSeconds(60);

    private static AnimalTotals totals(double tempSum, double tempMax) {
        return new AnimalTotals(
                "farm-1", START.toEpochMilli(), 1, tempSum, tempMax, tempMax, 0, 0, 0, 0, 0, 0);
    }

    /** The animals in the given order of arrival. */
    private static FarmAnimals arrivedInOrder(List<String> ids, Map<String, AnimalTotals> all) {
        Map<String, AnimalTotals> latest = new LinkedHashMap<>();
        ids.forEach(id -> latest.put(id, all.get(id)));
        return new FarmAnimals(latest);
    }

    @Test
    void theFarmsAverageIsTheSameWhateverOrderItsAnimalsArrivedIn() {
        // Sums whose floating-point result depends on the order of addition.
        Map<String, AnimalTotals> all =
                Map.of(
                        "cow-a",
                        totals(0.1, 38.0),
                        "cow-b",
                        totals(0.2, 40.0),
                        "cow-c",
                        totals(0.3, 38.0));
        assertThat((0.1 + 0.2) + 0.3).isNotEqualTo((0.3 + 0.2) + 0.1);

        FarmStats forwards =
                arrivedInOrder(List.of("cow-a", "cow-b", "cow-c"), all)
                        .row("farm-1", START, END, 39.5);
        FarmStats backwards =
                arrivedInOrder(List.of("cow-c", "cow-b", "cow-a"), all)
                        .row("farm-1", START, END, 39.5);

        assertThat(forwards).isEqualTo(backwards);
        assertThat(forwards)
                .isEqualTo(new FarmStats("farm-1", START, END, 3, 3, ((0.1 + 0.2) + 0.3) / 3, 1));
    }
}
