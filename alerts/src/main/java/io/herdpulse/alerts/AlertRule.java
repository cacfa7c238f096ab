package io.herdpulse.alerts;

import io.herdpulse.alerts.silence.LastSeen;
import io.herdpulse.model.Reading;

/**
 * One alert rule over one animal: a pure step function of its own state. The detector keeps each
 * rule's state in keyed state under {@link #stateName()} and hands it the animal's readings in
 * event time, each newer than the last; a rule is total all the same (any order, any state).
 *
 * @param <S> the rule's state, an immutable record; null before the animal's first reading (a rule
 *     whose state is always null keeps none)
 */
public interface AlertRule<S> {

    /** The keyed state's name: kept across versions, so savepoints keep the state. */
    String stateName();

    Class<S> stateType();

    /**
     * The state after this reading.
     *
     * @param previous the animal's previous reading (farm and time), null for her first
     */
    S onReading(S state, Reading reading, LastSeen previous, AlertLog log);

    /**
     * When the rule wants to look at the animal again if no reading comes (event time).
     *
     * @param latest the animal's latest reading (farm and time)
     * @param now the event time of the reading just handled, or after a wake-up the watermark being
     *     reached (no reading arrives before the detector has fired every timer up to it)
     */
    default long wakeAt(S state, LastSeen latest, long now, AlertLog log) {
        return Long.MAX_VALUE;
    }

    /**
     * The state at {@code now}, no reading having come: called when any rule asked to look then.
     *
     * @param latest the animal's latest reading (farm and time)
     */
    default S onWake(S state, long now, LastSeen latest, AlertLog log) {
        return state;
    }
}
