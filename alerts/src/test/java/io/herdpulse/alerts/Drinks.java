package io.herdpulse.alerts;

import java.util.Set;
import java.util.TreeSet;

/**
 * The tests' own model of drinking, independent of the rules: a drink cools the rumen by its drop
 * at once, and the rumen re-warms to her level over {@link #REWARMING_READINGS} readings, fast at
 * first (what is left of the drop shrinks quadratically). Drinks add up, so one in quick succession
 * cools a rumen still re-warming from the one before.
 */
final class Drinks {
    /** An hour at one reading every ten minutes (Bewley et al. 2008: up to about two hours). */
    static final int REWARMING_READINGS = 6;

    /** A drink at a reading's index, cooling the rumen by {@code dropC} at once. */
    record Drink(int at, double dropC) {}

    private Drinks() {}

    /** Her readings: her level at each index, less what her drinks still cool it by. */
    static double[] over(double[] level, Drink... drinks) {
        return over(level, REWARMING_READINGS, drinks);
    }

    /** As {@link #over(double[], Drink...)}, each drink re-warming over this many readings. */
    static double[] over(double[] level, int reWarmingReadings, Drink... drinks) {
        double[] temps = level.clone();
        for (Drink drink : drinks) {
            for (int k = 0; k < reWarmingReadings && drink.at() + k < temps.length; k++) {
                double left = 1 - (double) k / reWarmingReadings;
                temps[drink.at() + k] -= drink.dropC() * left * left;
            }
        }
        return rounded(temps);
    }

    /**
     * Her readings, as the simulator drinks: each drink taken {@code minutesBefore} its reading (a
     * bolus reads at its own phase, so a drink falls anywhere between two readings, ten minutes
     * apart) and re-warming quadratically over {@code recoveryMinutes}. Not rounded, so a test can
     * add the sensor's noise first.
     */
    static double[] timed(
            double[] level, double recoveryMinutes, double minutesBefore, Drink... drinks) {
        double[] temps = level.clone();
        for (Drink drink : drinks) {
            for (int i = drink.at(); i < temps.length; i++) {
                double minutes = (i - drink.at()) * 10 + minutesBefore;
                double left = Math.max(0, 1 - minutes / recoveryMinutes);
                temps[i] -= drink.dropC() * left * left;
            }
        }
        return temps;
    }

    /** Readings as a bolus sends them, in hundredths of a degree. */
    static double[] rounded(double[] temps) {
        double[] rounded = new double[temps.length];
        for (int i = 0; i < temps.length; i++) {
            rounded[i] = Math.round(temps[i] * 100) / 100.0;
        }
        return rounded;
    }

    /** The indices of readings a drink cooled: each drink's and its re-warming's. */
    static Set<Integer> cooled(Drink... drinks) {
        Set<Integer> cooled = new TreeSet<>();
        for (Drink drink : drinks) {
            for (int k = 0; k < REWARMING_READINGS; k++) {
                cooled.add(drink.at() + k);
            }
        }
        return cooled;
    }

    /**
     * A level that stays at {@code fromC}, then falls by {@code perReadingC} a reading to {@code
     * toC}.
     */
    static double[] falling(double fromC, int steady, double perReadingC, double toC, int length) {
        double[] level = new double[length];
        for (int i = 0; i < length; i++) {
            level[i] = Math.max(toC, fromC - perReadingC * Math.max(0, i - steady + 1));
        }
        return level;
    }
}
