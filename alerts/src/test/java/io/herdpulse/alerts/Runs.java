package io.herdpulse.alerts;

import java.util.Arrays;
import java.util.Set;
import java.util.function.DoublePredicate;

/** The test's own reading of "n consecutive readings", independent of the detector's code. */
final class Runs {
    private Runs() {}

    /**
     * The first run of {@code n} consecutive values meeting {@code p} from index {@code from},
     * ignoring (neither counting nor breaking on) the indices in {@code skipped}.
     *
     * @return {first index of the run, index completing it}, or null
     */
    static int[] first(double[] values, int from, DoublePredicate p, int n, Set<Integer> skipped) {
        int length = 0;
        int start = -1;
        for (int i = from; i < values.length; i++) {
            if (skipped.contains(i)) {
                continue;
            }
            if (p.test(values[i])) {
                if (length++ == 0) {
                    start = i;
                }
                if (length == n) {
                    return new int[] {start, i};
                }
            } else {
                length = 0;
            }
        }
        return null;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
