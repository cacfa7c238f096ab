package io.herdpulse.alerts.temperature;

import static io.herdpulse.alerts.Details.round;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herdpulse.alerts.AlertLog;
import io.herdpulse.alerts.AlertRule;
import io.herdpulse.alerts.Details;
import io.herdpulse.alerts.silence.LastSeen;
import io.herdpulse.model.AlertKind;
import io.herdpulse.model.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * FEVER, HYPOTHERMIA and DRINKING: the rules on single rumen temperatures.
 *
 * <p>A drink is told by its shape, never by the water a bolus reports: it cools the rumen abruptly,
 * within one reading, by at least {@link TemperatureThresholds#drinkingFallC()} per reading
 * interval, and the rumen then re-warms, each reading rising on the one before. Such a fall and the
 * re-warming after it are a drinking bout, left out of FEVER (neither counting towards a run nor
 * breaking one). As a drink only cools the rumen, a bout is evidence against HYPOTHERMIA only above
 * its threshold, and carries on a run begun at a steady level below it (see {@link
 * #hypothermiaWhileDrinking}). While re-warming, a fall is measured from where the rumen was
 * heading (the previous reading plus the least a decelerating re-warming still rises, see {@link
 * #nextRise}), so a drink in quick succession shows even when it only slows the rise, and a
 * re-warming slowing to its end is no drink. The bout is over at the first reading back within
 * {@link TemperatureThresholds#rewarmedC()} of the median it began at (so a cow drinking again and
 * again as she falls ill still shows her level between drinks), at the second reading in a row that
 * neither falls abruptly nor rises by {@link TemperatureThresholds#rewarmingRiseC()} (one stall may
 * be a small drink), or when the latest drink is {@link
 * TemperatureThresholds#drinkingMaxDuration()} old; a gradual fall, as a milk fever is, never
 * starts one. A fall at least {@link TemperatureThresholds#drinkingDropC()} below the median is a
 * DRINKING event, ending at the first reading back within the recovery of that median.
 *
 * <p>Sips too small to tell one by one can follow each other: readings then fall by under {@link
 * TemperatureThresholds#drinkingFallC()} each, but faster than a body cools ({@link
 * TemperatureThresholds#steadyC()}), as only water cools a rumen. Such readings count towards
 * HYPOTHERMIA, but its alert waits for a reading of the run at a body's pace (issue 13's steady
 * fall levelling off is alerted on its third reading all the same), and a rise after them alone
 * breaks the run: she re-warms.
 *
 * <p>Until the median has been learnt (full, its readings within {@link
 * TemperatureThresholds#medianSpreadC()} of each other, or three in a row holding a level, see
 * {@link #holdsALevel}) readings only teach it: a new bolus in a cow re-warming from a drink she
 * had before its first reading rises from far below her normal without any fall the rule could see,
 * and sips can hold such a rumen down for a reading or two. So does a bolus back from a silence
 * much lower than it left: the median is then learnt afresh. Rises are taken per sensor interval,
 * so that one across lost readings compares with the next.
 */
public final class TemperatureRule implements AlertRule<TemperatureState> {
    /**
     * Readings come in hundredths of a degree, but the state keeps the previous one as a float
     * (about 2e-6 °C off): a fall of 0.50 °C could come out as 0.4999998. Differences are compared
     * with this much slack.
     */
    private static final double SLACK_C = 1e-4;

    private final TemperatureThresholds thresholds;
    private final long intervalMillis;

    /**
     * How far above a re-warming reading the rumen can still climb, per °C that reading rose: at
     * most (n − 1)² / (2n − 1) for the slowest re-warming, a drop shrinking quadratically to
     * nothing over n = {@link TemperatureThresholds#drinkingMaxDuration()} / interval readings (5.3
     * for 2 h of 10-minute readings). Its first rise is the smallest share of what is left; faster
     * re-warmings, quadratic or exponential, close a larger share at every reading.
     */
    private final double reWarmingLeft;

    public TemperatureRule(TemperatureThresholds thresholds, Duration sensorInterval) {
        this.thresholds = thresholds;
        this.intervalMillis = sensorInterval.toMillis();
        double n =
                Math.max(
                        1.0, (double) thresholds.drinkingMaxDuration().toMillis() / intervalMillis);
        this.reWarmingLeft = (n - 1) * (n - 1) / (2 * n - 1);
    }

    @Override
    public String stateName() {
        return "temperature";
    }

    @Override
    public Class<TemperatureState> stateType() {
        return TemperatureState.class;
    }

    @Override
    public TemperatureState onReading(
            TemperatureState before, Reading reading, LastSeen previous, AlertLog log) {
        TemperatureState state = before == null ? TemperatureState.EMPTY : before;
        double t = reading.rumenTempC();
        long at = reading.timestamp().toEpochMilli();
        // With no previous reading the fall cannot be timed: it counts as over one interval.
        long since = previous == null ? intervalMillis : at - previous.lastReadingAt();
        // Per sensor interval, as a re-warming's rises are compared reading to reading: across
        // lost readings she rose over several intervals. NaN with no previous reading.
        double rise = (t - state.previousC()) / intervals(since);
        boolean drink = fall(state, t, since) >= thresholds.drinkingFallC() - SLACK_C;
        if (!drink && hiddenByAGap(state, t, since)) {
            log.end(AlertKind.DRINKING, reading.timestamp(), ending(t, t, "gap"));
            state = state.relearning();
        }

        boolean hovers = false;
        if (state.inBout()) {
            double median = state.boutMedianC();
            if (t >= median - thresholds.drinkingRecoveryC()) {
                log.end(AlertKind.DRINKING, reading.timestamp(), ending(t, median, "recovered"));
            }
            if (drink) {
                double tail = tailAtDrink(state);
                if (state.levelled()) {
                    // Her re-warming had levelled off: that reading was her level.
                    state = levelSeen(state, previous, log);
                    median = median(state.recentC());
                } else if (state.riseC() != 0 && state.riseC() < thresholds.levellingRiseC()) {
                    // She had all but re-warmed: that reading was her level, and this bout's
                    // median starts from it (a cow falling ill drinks again and again).
                    state = state.withRecent(append(state.recentC(), state.previousC()));
                    median = median(state.recentC());
                }
                startDrinking(state, median, t, at, log);
                return hypothermiaWhileDrinking(
                        state.drink(median, t, at, tail), true, reading, log);
            }
            boolean rises = rise >= thresholds.rewarmingRiseC() - SLACK_C;
            hovers = rises && hoversAtHerLevel(state, rise);
            boolean inTime = at - state.lastDrinkAt() < thresholds.drinkingMaxDuration().toMillis();
            boolean rewarmed = t >= median - thresholds.rewarmedC();
            // A reading that neither rises nor falls (one that fell more may be a small drink),
            // not straight after a drink: her re-warming may have levelled off. After a small
            // rise it has, and after a larger one where every re-warming going on was spent at or
            // below the HYPOTHERMIA threshold; after any other, if the next reading stalls too.
            boolean steady = !rises && -rise < thresholds.steadyC() && state.riseC() != 0;
            boolean level =
                    steady
                            && (state.levelled()
                                    || state.riseC() > 0
                                            && state.riseC() < thresholds.levellingRiseC()
                                    || spentAtOrBelowHypothermia(state));
            if (inTime && !rewarmed && (rises && !hovers || !state.stalled())) {
                if (rises && failsToReWarm(state, t, rise)) {
                    state = runFromPrevious(state, previous, log);
                }
                return hypothermiaWhileDrinking(
                        state.reWarming(t, rise, !rises, steady, level), true, reading, log);
            }
            log.end(AlertKind.DRINKING, reading.timestamp(), ending(t, median, "notReWarming"));
            // A reading that does not rise after her re-warming levelled off (whether it stalls
            // or a sip cools it: water only cools), or a steady stall and then a rise only by the
            // sensor's noise, or the second stall in a row, both steady: that previous reading was
            // her level.
            boolean levelled =
                    !rises && state.levelled() || hovers || steady && state.steadyStall();
            state = state.boutOver();
            if (levelled) {
                state = levelSeen(state, previous, log);
            }
        } else if (drink) {
            double median =
                    state.recentC().length == 0 ? state.previousC() : median(state.recentC());
            startDrinking(state, median, t, at, log);
            return hypothermiaWhileDrinking(
                    state.drink(median, t, at, state.tailC()), steadyBefore(state), reading, log);
        }
        return normal(
                state,
                reading,
                t,
                at,
                rise,
                fall(state, t, since) >= thresholds.steadyC() - SLACK_C,
                hovers,
                log);
    }

    /**
     * Her previous reading, in a bout, has turned out to be her level: it had all but stopped
     * rising and the reading after it did not rise either (it fell, by a drink or a sip, or stalled
     * again). It joins her median, and as it is no drink's doing (a drink only cools, and nothing
     * cooled it more than the reading before) it counts towards HYPOTHERMIA like any non-drinking
     * reading: a run begins at it if none is under way. Without this a cow whose drinks follow one
     * another as she falls ill shows her level only between two drinks, and no run ever reaches
     * three.
     */
    private TemperatureState levelSeen(TemperatureState state, LastSeen previous, AlertLog log) {
        return runFromPrevious(
                state.withRecent(append(state.recentC(), state.previousC())), previous, log);
    }

    /**
     * Whether a rise after her re-warming stalled (a steady reading, after a small rise or a larger
     * one) is her level hovering in the sensor's noise (σ 0.02 °C a reading), not the re-warming
     * going on: the stalled reading moved by less than {@link
     * TemperatureThresholds#rewarmingRiseC()} either way, and with this rise the two readings
     * together climbed less than twice that above the reading before it. A re-warming's rises only
     * shrink, so one still going on climbs by at least that much a reading over both; taken over
     * two readings, the noise that makes one reading of a level rumen rise by that much now and
     * then is weighed against twice the climb.
     */
    private boolean hoversAtHerLevel(TemperatureState state, double rise) {
        float level = state.riseBeforeC();
        return state.steadyStall()
                && level > -thresholds.rewarmingRiseC()
                && level + rise < 2 * thresholds.rewarmingRiseC() - SLACK_C;
    }

    /**
     * Whether her re-warming, stalled after a larger rise, was spent at or below the HYPOTHERMIA
     * threshold, so that her level is there even if the stall was a sip holding the rest of it up
     * (a drink after the stall cannot tell: water only cools). Two re-warmings are added up: the
     * latest drink's, whose last two rises shrank by the share q = riseC / riseBeforeC, and had it
     * gone on shrinking by that share a reading (the slowest a re-warming decelerates: one whose
     * drop shrinks quadratically shrinks its rises by a growing share) it could climb riseC · q /
     * (1 − q) above the previous reading; and what one going on when she drank could still climb
     * ({@link TemperatureState#tailC()}), which its rises since do not show: the sum's rises shrink
     * as the latest drink's fast re-warming does, while an earlier one's slow tail stays. The
     * sensor's noise ({@link TemperatureThresholds#rewarmingRiseC()} on a rise) is allowed for: q
     * is steep where a re-warming is slow.
     */
    private boolean spentAtOrBelowHypothermia(TemperatureState state) {
        double noise = thresholds.rewarmingRiseC();
        double rise = state.riseC() + noise;
        double before = state.riseBeforeC() - noise;
        return state.riseC() > 0
                && before > rise
                && state.previousC() + rise * rise / (before - rise) + state.tailC()
                        <= thresholds.hypothermiaC() + SLACK_C;
    }

    /**
     * The most a re-warming going on when she drinks in a bout could still climb (see {@link
     * #tail}); none after her level; {@link TemperatureState#UNKNOWN} straight after a drink or a
     * stall, whose rise was not seen.
     */
    private double tailAtDrink(TemperatureState state) {
        if (state.levelled()) {
            return 0;
        }
        return state.riseC() > 0 ? tail(state.riseC()) : TemperatureState.UNKNOWN;
    }

    /**
     * Whether her re-warming fails: three readings in a row rose, each by less than the one before
     * (a re-warming decelerates), the last two by less than {@link
     * TemperatureThresholds#levellingRiseC()}, and from neither of those two can the rumen climb
     * back above the HYPOTHERMIA threshold. A rumen re-warms fast at first and never slower than
     * one whose drop shrinks quadratically to nothing over {@link
     * TemperatureThresholds#drinkingMaxDuration()}, so from a reading that rose by r her level is
     * at most {@link #reWarmingLeft} × r above it. A drink in quick succession can hide in a rise
     * and make it look slow, but only where the rumen was not seen rising before (just after a
     * drink); the rise after it is larger again, which a re-warming's never is.
     */
    private boolean failsToReWarm(TemperatureState state, double t, double rise) {
        return state.riseBeforeC() > 0
                && state.riseC() > 0
                && state.riseC() <= state.riseBeforeC() + SLACK_C
                && rise <= state.riseC() + SLACK_C
                && state.riseC() < thresholds.levellingRiseC()
                && state.previousC() + reWarmingLeft * state.riseC()
                        <= thresholds.hypothermiaC() + SLACK_C
                && t + reWarmingLeft * rise <= thresholds.hypothermiaC() + SLACK_C;
    }

    /**
     * Her previous reading shows her at or below the HYPOTHERMIA threshold (her level, or a
     * re-warming that cannot climb above it): a run begins at it if none is under way, and the
     * readings of the bout carry it on.
     */
    private TemperatureState runFromPrevious(
            TemperatureState state, LastSeen previous, AlertLog log) {
        double level = state.previousC();
        if (!state.settled()
                || previous == null
                || log.isActive(AlertKind.HYPOTHERMIA)
                || state.hypothermia().length() > 0
                || level > thresholds.hypothermiaC()) {
            return state;
        }
        Run hypothermia =
                streak(
                        AlertKind.HYPOTHERMIA,
                        Run.NONE,
                        true,
                        false,
                        false,
                        thresholds.hypothermiaC(),
                        state.recentC(),
                        level,
                        previous.lastReadingAt(),
                        log);
        return state.withHypothermia(hypothermia);
    }

    /**
     * HYPOTHERMIA during a drinking bout. A drink only cools the rumen: a drinking reading shows
     * how warm she is at least, never how cold. So one above the threshold breaks the run towards
     * HYPOTHERMIA (her level is above it too), and one at or below it carries on a run her readings
     * began before the bout, as nothing has shown her above the threshold since; without this a
     * sick cow that keeps drinking would hide her fall for hours. A bout carries a run only if the
     * reading before it was steady ({@link #steadyBefore}): one just after an earlier bout may
     * still have been re-warming, and the run then starts again after this bout. A drinking reading
     * begins a run only when her level (the median of her latest non-drinking readings) is itself
     * at or below the threshold: a cow at her normal reads as low after cold water.
     *
     * @param carries whether the bout may carry on a run begun before it
     */
    private TemperatureState hypothermiaWhileDrinking(
            TemperatureState state, boolean carries, Reading reading, AlertLog log) {
        if (!state.settled() || log.isActive(AlertKind.HYPOTHERMIA)) {
            return state;
        }
        boolean levelLow = median(state.recentC()) <= thresholds.hypothermiaC();
        if (reading.rumenTempC() > thresholds.hypothermiaC() || !(carries || levelLow)) {
            return state.withHypothermia(Run.NONE);
        }
        if (state.hypothermia().length() == 0 && !levelLow) {
            return state;
        }
        Run hypothermia =
                streak(
                        AlertKind.HYPOTHERMIA,
                        state.hypothermia(),
                        true,
                        false,
                        false,
                        thresholds.hypothermiaC(),
                        state.recentC(),
                        reading.rumenTempC(),
                        reading.timestamp().toEpochMilli(),
                        log);
        return state.withHypothermia(hypothermia);
    }

    /**
     * Whether her latest reading, before a bout begins, sampled her level: within {@link
     * TemperatureThresholds#steadyC()} of the non-drinking reading before it.
     */
    private boolean steadyBefore(TemperatureState state) {
        double[] recent = state.recentC();
        int n = recent.length;
        return n >= 2 && Math.abs(recent[n - 1] - recent[n - 2]) < thresholds.steadyC();
    }

    /**
     * How far the reading fell, per sensor interval, below where the rumen was heading: the
     * previous reading, plus what its re-warming would still rise (a drink then cuts the rise
     * short).
     */
    private double fall(TemperatureState state, double t, long since) {
        if (!state.hasPrevious() || since <= 0) {
            return 0;
        }
        double intervals = intervals(since);
        double heading = state.previousC() + (state.inBout() ? nextRise(state) : 0);
        return (heading - t) / intervals;
    }

    /** Sensor intervals in {@code since} milliseconds, at least one. */
    private double intervals(long since) {
        return Math.max(1.0, (double) since / intervalMillis);
    }

    /**
     * The least a re-warming rumen rises at the next reading: a re-warming decelerates, its rises
     * shrinking by the same step each reading (a drop shrinking quadratically) or by the same share
     * (exponentially), whichever leaves less. Before it is seen slowing down, its latest rise.
     */
    private static double nextRise(TemperatureState state) {
        double rise = Math.max(0, state.riseC());
        double before = state.riseBeforeC();
        if (rise == 0 || before <= rise) {
            return rise;
        }
        return Math.max(0, Math.min(2 * rise - before, rise * rise / before));
    }

    /**
     * Whether the bolus was silent for more than an interval and the reading is a drink's fall
     * below the previous one, though too slow a fall per interval to tell: a drink during the
     * silence, or a disease. Her median is then learnt afresh.
     */
    private boolean hiddenByAGap(TemperatureState state, double t, long since) {
        return state.hasPrevious()
                && since > thresholds.gapIntervals() * intervalMillis
                && state.previousC() - t >= thresholds.drinkingFallC() - SLACK_C;
    }

    /** A DRINKING event for a fall far enough below the median, one per bout. */
    private void startDrinking(
            TemperatureState state, double median, double t, long at, AlertLog log) {
        double limit = median - thresholds.drinkingDropC();
        if (!state.settled() || t > limit || log.isActive(AlertKind.DRINKING)) {
            return;
        }
        ObjectNode details = Details.object();
        details.put("medianC", round(median));
        details.put("dropC", round(median - t));
        details.put("fallC", round(state.previousC() - t));
        details.set("recentC", temperatures(state.recentC()));
        log.start(AlertKind.DRINKING, Instant.ofEpochMilli(at), t, round(limit), details);
    }

    /**
     * A reading that is no drink and no re-warming of one.
     *
     * @param rise how much it rose on the previous reading, per sensor interval
     * @param fellFast whether it fell from the previous reading by {@link
     *     TemperatureThresholds#steadyC()} or more per interval: faster than a body cools
     * @param hovers whether its rise is her level's noise, not a re-warming (see {@link
     *     #hoversAtHerLevel})
     */
    private TemperatureState normal(
            TemperatureState state,
            Reading reading,
            double t,
            long at,
            double rise,
            boolean fellFast,
            boolean hovers,
            AlertLog log) {
        double[] recent = append(state.recentC(), t);
        if (!state.settled()) {
            boolean settled =
                    recent.length == thresholds.drinkingMedianReadings()
                                    && span(recent) <= thresholds.medianSpreadC()
                            || holdsALevel(recent);
            return TemperatureState.outsideBout(
                    recent, t, state.fever(), state.hypothermia(), 0, settled, tail(rise));
        }
        // Still rising within the re-warming time of her latest drink: past the bout's median,
        // but perhaps not yet back at a fever; such a reading below the threshold shows her at
        // least that warm, so it neither counts towards FEVER nor breaks its run.
        boolean reWarming =
                state.lastDrinkAt() != 0
                        && at - state.lastDrinkAt() < thresholds.drinkingMaxDuration().toMillis()
                        && rise >= thresholds.rewarmingRiseC() - SLACK_C;
        boolean open = log.isActive(AlertKind.FEVER);
        Run fever =
                reWarming && t < (open ? thresholds.feverEndC() : thresholds.feverC())
                        ? state.fever()
                        : streak(
                                AlertKind.FEVER,
                                state.fever(),
                                t >= thresholds.feverC(),
                                t < thresholds.feverEndC(),
                                false,
                                thresholds.feverC(),
                                recent,
                                t,
                                at,
                                log);
        // Such a reading at or below the threshold shows her at least that warm too, as does any
        // reading rising by steadyC or more (no disease warms the rumen that fast; a drink too
        // small or too close to another to be told was before it): it counts towards HYPOTHERMIA
        // only if its rise cannot carry her above the threshold (see failsToReWarm), and
        // otherwise neither counts nor breaks the run. A rise of her level's noise is neither.
        boolean climbs =
                !hovers
                        && (reWarming || rise >= thresholds.steadyC() - SLACK_C)
                        && t + reWarmingLeft * rise > thresholds.hypothermiaC() + SLACK_C;
        // Readings that each fell faster than a body cools (sips too small to tell one by one)
        // and then a rise: they were water's doing, and she re-warms.
        boolean coolingOnly =
                !log.isActive(AlertKind.HYPOTHERMIA)
                        && fellFastThrough(state.recentC(), state.hypothermia().length());
        Run sofar =
                coolingOnly && !hovers && rise >= thresholds.rewarmingRiseC() - SLACK_C
                        ? Run.NONE
                        : state.hypothermia();
        boolean waits = fellFast && (sofar.length() == 0 || coolingOnly);
        Run hypothermia =
                climbs && t <= thresholds.hypothermiaC() && !log.isActive(AlertKind.HYPOTHERMIA)
                        ? sofar
                        : streak(
                                AlertKind.HYPOTHERMIA,
                                sofar,
                                t <= thresholds.hypothermiaC(),
                                t > thresholds.hypothermiaEndC(),
                                waits,
                                thresholds.hypothermiaC(),
                                recent,
                                t,
                                at,
                                log);
        return TemperatureState.outsideBout(
                recent, t, fever, hypothermia, state.lastDrinkAt(), true, tail(rise));
    }

    /**
     * The most a re-warming going on at a reading that rose by {@code rise} could still climb, a
     * bout's or one past its end (a bout ends back within {@link TemperatureThresholds#rewarmedC()}
     * of its median, before its re-warming does): {@link #reWarmingLeft} times the rise, the
     * sensor's noise allowed for, which bounds a sum of re-warmings too (each by its share of the
     * rise), if it rose as a re-warming does; otherwise none.
     */
    private double tail(double rise) {
        return rise >= thresholds.rewarmingRiseC() - SLACK_C
                ? reWarmingLeft * (rise + thresholds.rewarmingRiseC())
                : 0;
    }

    /**
     * One step of a consecutive-readings rule: counts towards the start while the alert is closed
     * and towards the end while it is open; both are dated by the run's first reading. A run whose
     * readings all fell faster than a body cools starts no alert (see {@link
     * TemperatureThresholds#steadyC()}).
     *
     * @param waits whether every reading of the run, this one included, fell faster than a body
     *     cools
     */
    private Run streak(
            AlertKind kind,
            Run run,
            boolean onset,
            boolean recovery,
            boolean waits,
            double threshold,
            double[] recent,
            double t,
            long at,
            AlertLog log) {
        boolean open = log.isActive(kind);
        Run next = run.next(open ? recovery : onset, at);
        if (next.length() < thresholds.consecutiveReadings() || !open && waits) {
            return next;
        }
        ObjectNode details = Details.object();
        details.set(
                "temperaturesC",
                temperatures(
                        Arrays.copyOfRange(
                                recent,
                                Math.max(0, recent.length - thresholds.consecutiveReadings()),
                                recent.length)));
        details.put("firstReadingAt", Instant.ofEpochMilli(next.since()).toString());
        details.put("medianC", round(median(recent)));
        if (open) {
            log.end(kind, Instant.ofEpochMilli(next.since()), details);
        } else {
            log.start(kind, Instant.ofEpochMilli(next.since()), t, threshold, details);
        }
        return Run.NONE;
    }

    /**
     * Whether the latest {@code count} non-drinking readings (at most all but the first of {@code
     * recent}) each fell by {@link TemperatureThresholds#steadyC()} or more on the one before: a
     * run of them is water's doing so far. Read from the readings the state keeps anyway, so it
     * costs no state.
     */
    private boolean fellFastThrough(double[] recent, int count) {
        int steps = Math.min(count, recent.length - 1);
        if (steps < 1) {
            return false;
        }
        for (int i = recent.length - steps; i < recent.length; i++) {
            if (recent[i - 1] - recent[i] < thresholds.steadyC() - SLACK_C) {
                return false;
            }
        }
        return true;
    }

    private static ObjectNode ending(double t, double median, String reason) {
        ObjectNode details = Details.object();
        details.put("reason", reason);
        details.put("temperatureC", round(t));
        details.put("medianC", round(median));
        return details;
    }

    private double[] append(double[] recent, double t) {
        int keep = Math.min(recent.length, thresholds.drinkingMedianReadings() - 1);
        double[] next = new double[keep + 1];
        System.arraycopy(recent, recent.length - keep, next, 0, keep);
        next[keep] = t;
        return next;
    }

    /**
     * Whether the latest three of {@code recent} sample a level, however long the median has been
     * learning: neither step rose by {@link TemperatureThresholds#rewarmingRiseC()} (the re-warming
     * from a drink she had before, unseen, would) nor fell by {@link
     * TemperatureThresholds#steadyC()} (sips would; a disease falls slower). A cow falling ill in a
     * silence is learnt at her new level within three readings, not once six of them lie within
     * {@link TemperatureThresholds#medianSpreadC()}, which a falling cow who drinks may take hours
     * to give.
     */
    private boolean holdsALevel(double[] recent) {
        int n = recent.length;
        if (n < 3) {
            return false;
        }
        for (int i = n - 2; i < n; i++) {
            double step = recent[i] - recent[i - 1];
            if (step >= thresholds.rewarmingRiseC() - SLACK_C
                    || -step >= thresholds.steadyC() - SLACK_C) {
                return false;
            }
        }
        return true;
    }

    private static double span(double[] values) {
        return Arrays.stream(values).max().orElseThrow()
                - Arrays.stream(values).min().orElseThrow();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    private static ArrayNode temperatures(double[] values) {
        ArrayNode array = Details.array();
        for (double v : values) {
            array.add(round(v));
        }
        return array;
    }
}
