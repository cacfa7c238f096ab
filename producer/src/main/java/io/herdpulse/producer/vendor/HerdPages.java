package io.herdpulse.producer.vendor;

import io.herdpulse.model.Reading;
import io.herdpulse.producer.simulate.HerdSimulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The simulated herd's readings by position, as far as real time has come: a reading is served once
 * its timestamp is not after the clock, as a vendor's cloud has only what the boluses sent.
 *
 * <p>A page normally continues where the last one ended; a cursor from before (a poller that
 * restarted) replays the same seeded simulation from the start to it, so every position always
 * holds the same reading.
 */
final class HerdPages {
    private final Supplier<HerdSimulator> fresh;
    private HerdSimulator simulator;
    private Reading lookahead;
    private long position;

    HerdPages(Supplier<HerdSimulator> fresh) {
        this.fresh = fresh;
        this.simulator = fresh.get();
    }

    /** A page and whether more readings are available now. */
    record Page(List<Reading> readings, long next, boolean hasMore) {}

    /**
     * @throws IllegalArgumentException when {@code from} is beyond what has been served
     */
    synchronized Page page(long from, int limit, Instant now) {
        if (from < position) {
            simulator = fresh.get();
            lookahead = null;
            position = 0;
        }
        while (position < from) {
            if (!available(now)) {
                throw new IllegalArgumentException(
                        "the cursor is beyond the readings this API has served");
            }
            take();
        }
        List<Reading> readings = new ArrayList<>(Math.min(limit, 1024));
        while (readings.size() < limit && available(now)) {
            readings.add(take());
        }
        return new Page(readings, position, available(now));
    }

    private boolean available(Instant now) {
        if (lookahead == null && simulator.hasNext()) {
            lookahead = simulator.next();
        }
        return lookahead != null && !lookahead.timestamp().isAfter(now);
    }

    private Reading take() {
        Reading reading = lookahead;
        lookahead = null;
        position++;
        return reading;
    }
}
