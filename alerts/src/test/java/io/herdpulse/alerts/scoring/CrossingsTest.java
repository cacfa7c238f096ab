package io.herdpulse.alerts.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.alerts.scoring.GroundTruth.Episode;
import io.herdpulse.model.AlertKind;
import io.herdpulse.model.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CrossingsTest {
    private static final String COW = "cow-1";
    private static final Instant FROM = Instant.parse("2026-03-05T00:00:00Z");
    private static final Duration INTERVAL = Duration.ofMinutes(10);
    private static final double LOST = Double.NaN;
    private static final Episode MILK_FEVER =
            new Episode(
                    COW,
                    "farm-1",
                    "hypothermia",
                    FROM,
                    FROM.plus(Duration.ofHours(12)),
                    AlertKind.HYPOTHERMIA,
                    37.0);

    private static final Episode FEVER =
            new Episode(
                    COW,
                    "farm-1",
                    "fever",
                    FROM,
                    FROM.plus(Duration.ofHours(30)),
                    AlertKind.FEVER,
                    40.5);

    @Test
    void aDrinkAndItsReWarmingBelowTheFeverThresholdDoNotBreakTheRun() {
        // Past 39.7 °C at index 1, she drinks 10 L at index 2 and re-warms, each reading rising.
        double[] temps = {39.5, 39.8, 37.5, 38.3, 38.9, 39.3, 39.6, 39.8, 39.9, 40.0};
        double[] water = {0, 0, 10, 0, 0, 0, 0, 0, 0, 0};

        assertThat(feverCrossing(temps, water)).isEqualTo(at(1));
    }

    @Test
    void aFeverDipThatIsNoDrinkBreaksTheRunThoughHerBolusReportsWaterOnEveryReading() {
        // Water on every reading; the dip at index 3 fell by 0.15 °C, less than any drink.
        double[] temps = {39.6, 39.75, 39.8, 39.65, 39.8, 39.9, 40.0, 40.1};
        double[] water = {0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3};
        int dip = 3;

        assertThat(feverCrossing(temps, water)).isEqualTo(at(dip + 1));
    }

    @Test
    void aReWarmingThatStopsRisingBelowTheFeverThresholdIsHerOwnTemperature() {
        // The drink at index 1; her re-warming stalls at 39.5 °C (index 5): she was below.
        double[] temps = {39.8, 37.8, 38.8, 39.3, 39.5, 39.5, 39.8, 39.9, 40.0};
        double[] water = {0, 8, 0, 0, 0, 0, 0, 0, 0};
        int stall = 5;

        assertThat(feverCrossing(temps, water)).isEqualTo(at(stall + 1));
    }

    @Test
    void aDrinkBeforeHerOwnTemperatureReachesTheHypothermiaThresholdIsNotItsCrossing() {
        // She falls 0.1 °C a reading from 38.0 °C; at 37.8 °C she drinks 8 L, and her re-warming
        // (each reading rising) meets her falling temperature below 37.5 °C without crossing it.
        double[] temps = {38.0, 37.9, 35.0, 35.9, 36.6, 37.1, 37.3, 37.2, 37.1, 37.0, 37.0};
        double[] water = {0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0};
        int drink = 2;
        int firstNotReWarming = drink + 1;
        while (temps[firstNotReWarming] > temps[firstNotReWarming - 1]) {
            firstNotReWarming++;
        }

        assertThat(crossing(temps, water)).isEqualTo(at(firstNotReWarming));
    }

    @Test
    void aReadingAboveTheHypothermiaThresholdAfterADrinkBreaksTheRun() {
        // At 37.4 °C, then a drink whose re-warming climbs to 37.6 °C: she was not below yet.
        double[] temps = {37.4, 37.45, 35.0, 36.4, 37.2, 37.6, 37.4, 37.3, 37.2};
        double[] water = {0, 0, 6, 0, 0, 0, 0, 0, 0};
        int above = 5;

        assertThat(crossing(temps, water)).isEqualTo(at(above + 1));
    }

    @Test
    void aDrinkThatOnlyStopsHerReWarmingIsADrinkToo() {
        // Re-warming by 2 °C a reading, she drinks again: the reading stays where it was.
        double[] temps = {37.9, 37.8, 30.8, 32.8, 32.8, 34.4, 35.7, 36.5, 36.9, 37.0, 37.0, 36.9};
        double[] water = {0, 0, 18, 0, 4.6, 0, 0, 0, 0, 0, 0, 0};
        int firstNotReWarming = 10;

        assertThat(crossing(temps, water)).isEqualTo(at(firstNotReWarming));
        assertThat(anyReading(temps, water)).as("drinks included").isEqualTo(at(2));
    }

    @Test
    void aSmallDrinkStraightAfterADrinkIsADrinkThoughItFallsByLittle() {
        // 6.7 L at index 2, then 1.4 L at index 3: the rumen, which re-warms at once after cold
        // water, stays where it was; it re-warms from index 4 until her own 37.4 °C at index 9.
        double[] temps = {38.1, 38.0, 35.5, 35.45, 35.9, 36.3, 36.6, 36.9, 37.2, 37.4, 37.35};
        double[] water = {0, 0, 6.7, 1.4, 0, 0, 0, 0, 0, 0, 0};
        int firstNotReWarming = 10;

        assertThat(crossing(temps, water)).isEqualTo(at(firstNotReWarming));
    }

    @Test
    void aFallAcrossALostReadingIsADrinkThoughNoWaterWasReported() {
        // She drinks during the reading at index 3, which is lost with the water it reported; the
        // reading after it fell 2.7 °C in two intervals and reports none.
        double[] temps = {38.0, 37.9, 37.8, LOST, 35.1, 35.9, 36.6, 37.1, 37.3, 37.2, 37.1, 37.0};
        double[] water = new double[temps.length];
        int firstNotReWarming = 9;

        assertThat(crossing(temps, water)).isEqualTo(at(firstNotReWarming));
    }

    @Test
    void aMilkFeversFallAcrossALostReadingIsNoDrink() {
        // 0.1 °C a reading, the reading at index 3 lost: 0.2 °C across the gap, 0.1 an interval.
        double[] temps = {37.8, 37.7, 37.6, LOST, 37.4, 37.3, 37.2, 37.1};
        double[] water = new double[temps.length];

        assertThat(crossing(temps, water)).isEqualTo(at(4));
    }

    @Test
    void aDrinkOnTheEpisodesFirstReadingIsToldByTheReadingBeforeIt() {
        // The episode starts at index 1; she drinks at once, at 38.1 °C.
        double[] temps = {38.1, 31.6, 33.6, 35.2, 36.4, 37.3, 37.2, 37.1, 37.0, 37.0};
        double[] water = {0, 16, 0, 0, 0, 0, 0, 0, 0, 0};
        int firstNotReWarming = 6;

        assertThat(crossing(temps, water, 1)).isEqualTo(at(firstNotReWarming));
    }

    @Test
    void herOwnTemperatureCrossesWhereItLastComesDownToTheThresholdNotWhereSheDrank() {
        // The rumen after cold water, and her own temperature without it: she drinks at 38.0 °C
        // (index 2) and her fall overtakes her re-warming; her own temperature touches 37.5 °C,
        // goes back above it, then stays at or below it from index 6.
        double[] temps = {38.1, 38.0, 35.0, 35.9, 36.6, 37.1, 37.3, 37.2, 37.1, 37.0};
        double[] own = {38.1, 38.0, 37.9, 37.5, 37.6, 37.55, 37.5, 37.4, 37.3, 37.2};
        int stays = own.length - 1;
        while (own[stays - 1] <= 37.5) {
            stays--;
        }
        Crossings crossings = recorded(temps, new double[temps.length]);
        for (int i = 0; i < temps.length; i++) {
            crossings.own(reading(i, temps[i], 0), own[i]);
        }

        assertThat(crossings.ownTemperature(List.of(MILK_FEVER)).get(MILK_FEVER))
                .isEqualTo(at(stays));
        assertThat(crossings.anyReading(List.of(MILK_FEVER)).get(MILK_FEVER))
                .as("the drink, read from any reading")
                .isEqualTo(at(2));
    }

    private static Instant crossing(double[] temps, double[] water) {
        return crossing(temps, water, 0);
    }

    /** The crossing when the episode starts at reading {@code start}. */
    private static Instant crossing(double[] temps, double[] water, int start) {
        Episode episode = startingAt(start);
        return recorded(temps, water).of(List.of(episode)).get(episode);
    }

    private static Instant feverCrossing(double[] temps, double[] water) {
        return recorded(temps, water).of(List.of(FEVER)).get(FEVER);
    }

    private static Instant anyReading(double[] temps, double[] water) {
        return recorded(temps, water).anyReading(List.of(MILK_FEVER)).get(MILK_FEVER);
    }

    /** Readings whose temperature is {@link #LOST} never reach the rules. */
    private static Crossings recorded(double[] temps, double[] water) {
        Crossings crossings = new Crossings(Set.of(COW));
        for (int i = 0; i < temps.length; i++) {
            if (!Double.isNaN(temps[i])) {
                crossings.record(reading(i, temps[i], water[i]));
            }
        }
        return crossings;
    }

    private static Episode startingAt(int index) {
        return new Episode(
                COW,
                "farm-1",
                "hypothermia",
                at(index),
                MILK_FEVER.to(),
                AlertKind.HYPOTHERMIA,
                MILK_FEVER.magnitude());
    }

    private static Instant at(int index) {
        return FROM.plus(INTERVAL.multipliedBy(index));
    }

    private static Reading reading(int index, double temp, double water) {
        return new Reading(
                Reading.SCHEMA_VERSION,
                "r-" + index,
                "farm-1",
                COW,
                "bolus-1",
                at(index),
                temp,
                10.0,
                3.5,
                water,
                null);
    }
}
