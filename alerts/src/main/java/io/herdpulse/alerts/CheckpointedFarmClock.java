package io.herdpulse.alerts;

import io.herdpulse.alerts.silence.FarmClock;
import io.herdpulse.alerts.silence.FarmReport;
import java.time.Duration;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;

/**
 * The detector's {@link FarmClock} as operator state: restored with the operator (also from
 * savepoints of versions that knew only their own share of each farm, or each farm's latest reading
 * only), fed with every farm's reports, and kept to the minutes a SENSOR_SILENT poll can still ask
 * about.
 */
final class CheckpointedFarmClock {
    private final FarmClock clock = new FarmClock();
    private final ListState<FarmClock.Minutes> checkpointed;
    private final long stateTtlMillis;
    private final int subtask;
    private final int parallelism;

    /**
     * Union state: after a restore, at any parallelism, every instance takes every farm's minutes.
     * Every instance has the same minutes at a checkpoint (the barrier comes after the same reports
     * and watermarks on every channel), so each writes only its share of the farms: the checkpoint
     * holds each farm once, not once per instance. The state names of earlier versions, which
     * checkpointed each instance's own share of the cows' reports, are read once and cleared.
     */
    CheckpointedFarmClock(OperatorStateStore operatorState, Duration stateTtl, TaskInfo task)
            throws Exception {
        this.stateTtlMillis = stateTtl.toMillis();
        this.subtask = task.getIndexOfThisSubtask();
        this.parallelism = task.getNumberOfParallelSubtasks();
        checkpointed =
                operatorState.getUnionListState(
                        new ListStateDescriptor<>("alert-farm-clock", FarmClock.Minutes.class));
        checkpointed.get().forEach(clock::restore);
        ListState<FarmClock.Minutes> sharesOfEarlierVersions =
                operatorState.getListState(
                        new ListStateDescriptor<>("alert-farm-minutes", FarmClock.Minutes.class));
        sharesOfEarlierVersions.get().forEach(clock::restore);
        sharesOfEarlierVersions.clear();
        ListState<FarmClock.Latest> latestOfEarlierVersions =
                operatorState.getListState(
                        new ListStateDescriptor<>("alert-farms", FarmClock.Latest.class));
        latestOfEarlierVersions.get().forEach(clock::restore);
        latestOfEarlierVersions.clear();
    }

    FarmClock clock() {
        return clock;
    }

    void saw(FarmReport report) {
        clock.saw(report);
    }

    /**
     * A poll asks about a farm since an animal's deadline, which is within her state's life of the
     * watermark: older minutes are forgotten, and a hostile reading from long ago grows no farm's
     * memory (also right after a restore, before the first watermark).
     */
    void keepWhatPollsAskAbout(long watermark) {
        clock.forgetBefore(
                watermark < Long.MIN_VALUE + stateTtlMillis
                        ? Long.MIN_VALUE
                        : watermark - stateTtlMillis);
    }

    void snapshot() throws Exception {
        checkpointed.update(
                clock.snapshot().stream()
                        .filter(
                                farm ->
                                        Math.floorMod(farm.farmId().hashCode(), parallelism)
                                                == subtask)
                        .toList());
    }
}
