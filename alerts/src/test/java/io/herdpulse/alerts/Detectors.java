package io.herdpulse.alerts;

import io.herdpulse.alerts.silence.FarmReport;
import io.herdpulse.model.HealthAlert;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/**
 * The detector at a parallelism, as the job runs it: each arrival to the instance that holds its
 * animal's key group, every farm report and watermark to every instance; snapshotted as one
 * savepoint and restored at another parallelism, as Flink rescales it.
 */
final class Detectors implements AutoCloseable {
    /**
     * What a restore reads of an instance's snapshot: the snapshot, or what another version of the
     * instance made of it.
     */
    interface Savepoint {
        OperatorSubtaskState of(OperatorSubtaskState snapshot, int parallelism, int subtask)
                throws Exception;

        static Savepoint asTaken() {
            return (snapshot, parallelism, subtask) -> snapshot;
        }
    }

    private final AlertThresholds thresholds;
    private final List<HealthAlert> emitted = new ArrayList<>();
    private List<DetectorHarness> instances;

    Detectors(AlertThresholds thresholds, int parallelism) throws Exception {
        this.thresholds = thresholds;
        instances = new ArrayList<>();
        for (int subtask = 0; subtask < parallelism; subtask++) {
            instances.add(new DetectorHarness(thresholds, null, parallelism, subtask));
        }
    }

    void arrive(Arrival arrival) throws Exception {
        int subtask =
                KeyGroupRangeAssignment.assignKeyToParallelOperator(
                        arrival.animalId(), DetectorHarness.MAX_PARALLELISM, instances.size());
        for (FarmReport report : instances.get(subtask).arriveOnly(arrival)) {
            for (DetectorHarness instance : instances) {
                instance.hear(report);
            }
        }
    }

    void watermark(long at) throws Exception {
        for (DetectorHarness instance : instances) {
            instance.watermark(at);
        }
    }

    /**
     * Takes a savepoint of every instance, stops them, and resumes at {@code parallelism} from what
     * {@code savepoint} makes of it: like the job, with no watermark.
     */
    void restore(long checkpointId, Savepoint savepoint, int parallelism) throws Exception {
        int before = instances.size();
        OperatorSubtaskState[] snapshots = new OperatorSubtaskState[before];
        for (int subtask = 0; subtask < before; subtask++) {
            snapshots[subtask] =
                    savepoint.of(
                            instances.get(subtask).snapshot(checkpointId, checkpointId),
                            before,
                            subtask);
        }
        close();
        OperatorSubtaskState whole = AbstractStreamOperatorTestHarness.repackageState(snapshots);
        instances = new ArrayList<>();
        for (int subtask = 0; subtask < parallelism; subtask++) {
            instances.add(
                    new DetectorHarness(
                            thresholds,
                            AbstractStreamOperatorTestHarness.repartitionOperatorState(
                                    whole,
                                    DetectorHarness.MAX_PARALLELISM,
                                    before,
                                    parallelism,
                                    subtask),
                            parallelism,
                            subtask));
        }
    }

    /** Every alert emitted so far, by all instances before and after every restore. */
    List<HealthAlert> alerts() {
        for (DetectorHarness instance : instances) {
            emitted.addAll(instance.newAlerts());
        }
        return emitted;
    }

    int numKeyedStateEntries() {
        return instances.stream().mapToInt(DetectorHarness::numKeyedStateEntries).sum();
    }

    int numEventTimeTimers() {
        return instances.stream().mapToInt(DetectorHarness::numEventTimeTimers).sum();
    }

    /** Stops every instance, keeping what they emitted. */
    @Override
    public void close() throws Exception {
        alerts();
        for (DetectorHarness instance : instances) {
            instance.close();
        }
    }
}
