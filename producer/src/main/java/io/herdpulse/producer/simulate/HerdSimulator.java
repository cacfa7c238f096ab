package io.herdpulse.producer.simulate;

import io.herdpulse.model.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The herd's readings in event-time order: interval after interval, each animal at its own phase
 * within the interval. Readings are made on demand, so an endless real-time run holds only the
 * herd's current state.
 */
public final class HerdSimulator implements Iterator<Reading> {
    private final List<Animal> order;
    private final AnimalPhysiology[] bodies;
    private final AnimalSchedule[] schedules;
    private final Instant start;
    private final long intervalSeconds;
    private final Instant end;
    private final ArrayDeque<Reading> ready = new ArrayDeque<>();
    private final BodyListener body;
    private long tick;
    private int position;
    private boolean finished;

    /**
     * @param start the first interval's start, aligned by the caller
     * @param end no reading at or after this time; null for no end
     * @param scenario episodes by animal id
     * @param lossShare share of readings each bolus makes and never sends
     * @param body told each reading's temperature without drinks
     */
    public HerdSimulator(
            Herd herd,
            Duration interval,
            Instant start,
            Instant end,
            long seed,
            Map<String, List<Episode>> scenario,
            double incidencePerDay,
            double lossShare,
            EpisodeListener listener,
            BodyListener body) {
        this.order = herd.inReportingOrder();
        this.body = body;
        this.start = start;
        this.intervalSeconds = interval.toSeconds();
        this.end = end;
        this.bodies = new AnimalPhysiology[order.size()];
        this.schedules = new AnimalSchedule[order.size()];
        for (int i = 0; i < order.size(); i++) {
            Animal animal = order.get(i);
            bodies[i] = new AnimalPhysiology(animal, interval, seed, lossShare);
            schedules[i] =
                    new AnimalSchedule(
                            animal,
                            scenario.getOrDefault(animal.animalId(), List.of()),
                            incidencePerDay,
                            start,
                            seed,
                            listener);
        }
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && !finished) {
            if (position == order.size()) {
                position = 0;
                tick++;
            }
            Instant time =
                    start.plusSeconds(tick * intervalSeconds + order.get(position).phaseSeconds());
            // Phases are sorted, so the first reading at or past the end is the last one.
            if (end != null && !time.isBefore(end)) {
                finished = true;
            } else {
                bodies[position].readingsAt(time, schedules[position].activeAt(time), ready, body);
                position++;
            }
        }
        return !ready.isEmpty();
    }

    @Override
    public Reading next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.removeFirst();
    }
}
