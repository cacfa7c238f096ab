package io.herdpulse.stack.supervise;

import io.herdpulse.stack.flink.FlinkRest;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checkpoints a job as soon as every task of it runs again after a restore, instead of at the next
 * periodic checkpoint.
 *
 * <p>The job's stats sinks write their rows on checkpoints ({@code LatestPerCheckpoint}), so after
 * a failure nothing new reaches PostgreSQL before the first checkpoint after the restore. Flink 2.2
 * starts the periodic trigger when the job switches to RUNNING, which after a failover is before
 * its tasks are deployed: the triggers while they deploy and initialize fail ("not all required
 * tasks are running") and the next comes a whole interval later, at a fixed rate, so the first
 * checkpoint came 0 to 5 s after the last task ran (docs/operations.md). No setting of Flink 2.2
 * starts the scheduler only once the tasks run. The supervisor therefore watches the jobs on the
 * cluster (the stack's and the drills') and asks for one checkpoint through the REST API the moment
 * every task of a restored job runs. It changes when rows are written, never which.
 */
final class CheckpointAfterRestore {
    /** How often the jobs are looked at: the delay it can add to the first checkpoint. */
    static final Duration POLL = Duration.ofMillis(200);

    /** The calls of Flink's REST API it needs (a fake in tests). */
    interface Cluster {
        List<FlinkRest.Job> jobs();

        Optional<FlinkRest.Checkpoints> checkpoints(FlinkRest.Job job);

        boolean tasksRunning(FlinkRest.Job job);

        boolean triggerCheckpoint(FlinkRest.Job job);

        static Cluster of(FlinkRest rest) {
            return new Cluster() {
                @Override
                public List<FlinkRest.Job> jobs() {
                    return rest.jobs();
                }

                @Override
                public Optional<FlinkRest.Checkpoints> checkpoints(FlinkRest.Job job) {
                    return rest.checkpoints(job);
                }

                @Override
                public boolean tasksRunning(FlinkRest.Job job) {
                    return rest.tasksRunning(job);
                }

                @Override
                public boolean triggerCheckpoint(FlinkRest.Job job) {
                    return rest.triggerCheckpoint(job);
                }
            };
        }
    }

    private final Cluster cluster;
    private final PrintStream log;

    /** Per job, the restore it was last checkpointed for: one request per restore. */
    private final Map<String, Instant> handled = new HashMap<>();

    CheckpointAfterRestore(Cluster cluster, PrintStream log) {
        this.cluster = cluster;
        this.log = log;
    }

    /** One look at every running job; returns the jobs it asked to checkpoint. */
    List<FlinkRest.Job> poll() {
        List<FlinkRest.Job> running =
                cluster.jobs().stream().filter(job -> job.state().equals("RUNNING")).toList();
        handled.keySet().retainAll(running.stream().map(FlinkRest.Job::id).toList());
        return running.stream().filter(this::checkpointIfRestored).toList();
    }

    private boolean checkpointIfRestored(FlinkRest.Job job) {
        Optional<FlinkRest.Checkpoints> stats = cluster.checkpoints(job);
        if (stats.isEmpty() || !waitsForFirstCheckpoint(stats.get())) {
            return false;
        }
        Instant restored = stats.get().restored().orElseThrow();
        if (restored.equals(handled.get(job.id())) || !cluster.tasksRunning(job)) {
            return false;
        }
        handled.put(job.id(), restored);
        boolean accepted = cluster.triggerCheckpoint(job);
        log.println(
                Instant.now()
                        + " job "
                        + job.id()
                        + " runs every task again after its restore at "
                        + restored
                        + (accepted
                                ? "; checkpoint requested"
                                : "; the checkpoint request was refused"));
        return accepted;
    }

    /**
     * Restored, and no checkpoint since: none completed that was triggered after the restore, and
     * none under way.
     */
    static boolean waitsForFirstCheckpoint(FlinkRest.Checkpoints stats) {
        return stats.restored().isPresent()
                && stats.inProgress() == 0
                && stats.lastCompletedTriggered()
                        .map(triggered -> triggered.isBefore(stats.restored().get()))
                        .orElse(true);
    }
}
