package io.herdpulse.producer.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.model.Reading;
import io.herdpulse.producer.simulate.HerdSimulator;
import io.herdpulse.producer.simulate.SimulationSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The fake API's pages are a function of the cursor alone, whatever was asked before: a poller that
 * pages on, restarts from any earlier cursor, or asks the same page twice always gets the same
 * readings, which are the simulator's, in its order.
 */
class HerdPagesProperties {
    private static final SimulationSettings HERD =
            SimulationSettings.resolve(
                    new SimulationSettings.Options(
                            1,
                            5,
                            Duration.ofMinutes(10),
                            Instant.parse("2026-01-01T00:00:00Z"),
                            Duration.ofHours(4),
                            0,
                            0,
                            0,
                            3,
                            0.2,
                            0.5,
                            0,
                            List.of(),
                            null),
                    IllegalArgumentException::new);
    private static final Instant LATER = Instant.parse("2027-01-01T00:00:00Z");
    private static final List<Reading> ALL = all();

    private static List<Reading> all() {
        HerdSimulator simulator = HERD.simulator((animal, episode) -> {});
        List<Reading> readings = new ArrayList<>();
        simulator.forEachRemaining(readings::add);
        return readings;
    }

    /**
     * @param steps each a page request: how far back from the furthest position served to start (0
     *     = the next page), and the page's limit
     */
    @Property(tries = 200)
    void everyPageIsTheSimulatorsSliceAtItsCursor(
            @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 0, max = 40) Integer> backs,
            @ForAll @Size(min = 30, max = 30) List<@IntRange(min = 1, max = 25) Integer> limits) {
        HerdPages pages = new HerdPages(() -> HERD.simulator((animal, episode) -> {}));
        long furthest = 0;
        for (int i = 0; i < backs.size(); i++) {
            long from = Math.max(0, furthest - backs.get(i));
            int limit = limits.get(i);
            HerdPages.Page page = pages.page(from, limit, LATER);

            int end = (int) Math.min(ALL.size(), from + limit);
            assertThat(page.readings()).isEqualTo(ALL.subList((int) from, end));
            assertThat(page.next()).isEqualTo(end);
            assertThat(page.hasMore()).isEqualTo(end < ALL.size());
            furthest = Math.max(furthest, page.next());
        }
    }

    @Property(tries = 50)
    void nothingIsServedBeforeItsTimeHasCome(@ForAll @IntRange(min = 0, max = 240) int minutes) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofMinutes(minutes));
        HerdPages.Page page =
                new HerdPages(() -> HERD.simulator((a, e) -> {})).page(0, 10_000, now);

        long due = ALL.stream().takeWhile(r -> !r.timestamp().isAfter(now)).count();
        assertThat(page.readings()).isEqualTo(ALL.subList(0, (int) due));
        assertThat(page.readings())
                .allSatisfy(r -> assertThat(r.timestamp()).isBeforeOrEqualTo(now));
    }
}
