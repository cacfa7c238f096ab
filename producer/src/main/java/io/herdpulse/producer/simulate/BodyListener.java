package io.herdpulse.producer.simulate;

import io.herdpulse.model.Reading;

/**
 * Told each reading the bolus sends, with her rumen temperature as it would read without her
 * drinks: her own temperature, which no rule can see and a scorer may measure alerts against.
 */
@FunctionalInterface
public interface BodyListener {
    BodyListener NONE = (reading, withoutDrinksC) -> {};

    void sent(Reading reading, double withoutDrinksC);
}
