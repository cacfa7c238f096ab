package io.herdpulse.alerts;

import io.herdpulse.alerts.silence.FarmClock;
import java.time.Duration;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;

/**
 * The detector's {@link FarmClock} as operator state: restored with the operator (also from
 * savepoints of versions that knew each farm's latest reading only), fed with the readings it may
 * take, and kept to the minutes a SENSOR_SILENT poll can still ask about.
 */
final class CheckpointedFarmClock {
    private final FarmClock clock = new FarmClock();
    private final ListState<FarmClock.Minutes> checkpointed;
    private final long stateTtlMillis;

    /**
     * Split state: at the same parallelism each instance gets back the farms it had seen. The state
     * names are those of earlier versions, so savepoints keep them.
     */
    CheckpointedFarmClock(OperatorStateStore operatorState, Duration stateTtl) throws Exception {
        this.stateTtlMillis = stateTtl.toMillis();
        checkpointed =
                operatorState.getListState(
                        new ListStateDescriptor<>("alert-farm-minutes", FarmClock.Minutes.class));
        checkpointed.get().forEach(clock::restore);
        // A savepoint of a version before the minutes knew each farm's latest reading only.
        ListState<FarmClock.Latest> latestOfEarlierVersions =
                operatorState.getListState(
                        new ListStateDescriptor<>("alert-farms", FarmClock.Latest.class));
        latestOfEarlierVersions.get().forEach(clock::restore);
        latestOfEarlierVersions.clear();
    }

    FarmClock clock() {
        return clock;
    }

    /**
     * A late reading may come before a poll that needs it or after, by timing: the clock takes only
     * readings that come before Flink's watermark can reach them.
     */
    void saw(Arrival arrival) {
        long at = arrival.reading().timestamp().toEpochMilli();
        if (at > arrival.partitionWatermark()) {
            clock.saw(arrival.reading().farmId(), at);
        }
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
        checkpointed.update(clock.snapshot());
    }
}
