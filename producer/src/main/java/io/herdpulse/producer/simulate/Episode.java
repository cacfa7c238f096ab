package io.herdpulse.producer.simulate;

import java.time.Instant;

/**
 * One condition of one animal: it shapes the readings of event time in {@code [from, to)}.
 *
 * @param magnitude see {@link Condition#drawMagnitude}
 */
public record Episode(
        String animalId, Condition condition, Instant from, Instant to, double magnitude) {

    public Episode {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException(
                    condition.label() + " of " + animalId + " must end after it starts");
        }
    }

    public boolean isActiveAt(Instant time) {
        return !time.isBefore(from) && time.isBefore(to);
    }

    public boolean overlaps(Episode other) {
        return from.isBefore(other.to) && other.from.isBefore(to);
    }

    /** What the magnitude means, for a person reading the ground truth. */
    public String detail() {
        return switch (condition) {
            case FEVER -> "up to " + magnitude + " C";
            case HYPOTHERMIA -> "down to " + magnitude + " C";
            case ESTRUS -> "activity x" + magnitude;
            case LOW_RUMINATION -> "rumination x" + magnitude;
            case SARA -> "pH " + magnitude;
            case SILENT -> "no readings";
            case STUCK -> "values frozen";
            case SPIKES -> "1 in 4 temperatures out of range";
            case DUPLICATES -> "1 in 2 readings sent twice";
        };
    }
}
