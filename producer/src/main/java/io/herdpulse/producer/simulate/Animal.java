package io.herdpulse.producer.simulate;

/**
 * One cow and her bolus. Ids depend only on the farm and the animal's number, never on the seed, so
 * the same herd size always names the same animals.
 *
 * @param index position in the herd, from 0
 * @param phaseSeconds when in each interval this bolus reports: boluses are not synchronised
 * @param hasPh whether the bolus also measures rumen pH
 * @param normalC her normal rumen temperature outside drinking, before her own small offset
 * @param waterEveryReading whether her bolus reports a little water on every reading, drinking or
 *     not (a flow sensor that never reads zero)
 */
public record Animal(
        int index,
        String farmId,
        String animalId,
        String sensorId,
        long phaseSeconds,
        boolean hasPh,
        double normalC,
        boolean waterEveryReading) {}
