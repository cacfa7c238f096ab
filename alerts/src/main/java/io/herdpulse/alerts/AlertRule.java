package io.herdpulse.alerts;

import io.herdpulse.model.Reading;

/**
 * One alert rule over one animal: a pure step function of its own state. The detector keeps each
 * rule's state in keyed state under {@link #stateName()} and hands it the animal's readings in
 * event time, each newer than the last; a rule is total all the same (any order, any state).
 *
 * @param <S> the rule's state, an immutable record; null before the animal's first reading
 */
public interface AlertRule<S> {

    /** The keyed state's name: kept across versions, so savepoints keep the state. */
    String stateName();

    Class<S> stateType();

    /** The state after this reading. */
    S onReading(S state, Reading reading, AlertLog log);

    /** When the rule wants to look at the animal again if no reading comes (event time). */
    default long wakeAt(S state) {
        return Long.MAX_VALUE;
    }

    /** The state at {@code now}, at or after {@link #wakeAt}, no reading having come. */
    default S onWake(S state, long now, AlertLog log) {
        return state;
    }
}
