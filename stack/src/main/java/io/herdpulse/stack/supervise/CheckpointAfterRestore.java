package io.herdpulse.stack.supervise;

import io.herdpulse.stack.flink.FlinkRest;
import java.io.PrintStream;
import java.time.Clock;
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

    /** Between two checkpoints it asks for. */
    static final Duration EVERY = Duration.ofSeconds(1);

    /** How long after the tasks run again it asks: the stack's checkpoint interval. */
    static final Duration CATCH_UP = Duration.ofSeconds(5);

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
                    return rest.jobs().orElse(List.of());
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

    /**
     * What it does for one restore of a job.
     *
     * @param restored the restore's time, as Flink reports it
     * @param running when every task was seen running after it; empty when it had checkpointed
     *     since the restore already, so nothing is asked for
     * @param asked when a checkpoint was last asked for
     */
    private record Restore(Instant restored, Optional<Instant> running, Optional<Instant> asked) {}

    private final Cluster cluster;
    private final PrintStream log;
    private final Clock clock;
    private final Map<String, Restore> restores = new HashMap<>();

    CheckpointAfterRestore(Cluster cluster, PrintStream log, Clock clock) {
        this.cluster = cluster;
        this.log = log;
        this.clock = clock;
    }

    /** One look at every running job; returns the jobs it asked to checkpoint. */
    List<FlinkRest.Job> poll() {
        List<FlinkRest.Job> running =
                cluster.jobs().stream().filter(job -> job.state().equals("RUNNING")).toList();
        restores.keySet().retainAll(running.stream().map(FlinkRest.Job::id).toList());
        return running.stream().filter(this::checkpointIfCatchingUp).toList();
    }

    private boolean checkpointIfCatchingUp(FlinkRest.Job job) {
        Optional<FlinkRest.Checkpoints> stats = cluster.checkpoints(job);
        if (stats.isEmpty() || stats.get().restored().isEmpty()) {
            return false;
        }
        Instant restored = stats.get().restored().get();
        Restore restore = restores.get(job.id());
        Instant now = clock.instant();
        if (restore == null || !restore.restored().equals(restored)) {
            if (!cluster.tasksRunning(job)) {
                return false;
            }
            restore =
                    new Restore(
                            restored,
                            waitsForFirstCheckpoint(stats.get())
                                    ? Optional.of(now)
                                    : Optional.empty(),
                            Optional.empty());
            restores.put(job.id(), restore);
        }
        boolean due =
                restore.running().isPresent()
                        && now.isBefore(restore.running().get().plus(CATCH_UP))
                        && stats.get().inProgress() == 0
                        && restore.asked()
                                .map(asked -> !now.isBefore(asked.plus(EVERY)))
                                .orElse(true);
        if (!due) {
            return false;
        }
        restores.put(job.id(), new Restore(restored, restore.running(), Optional.of(now)));
        boolean accepted = cluster.triggerCheckpoint(job);
        if (restore.asked().isEmpty()) {
            log.println(
                    now
                            + " job "
                            + job.id()
                            + " runs every task again after its restore at "
                            + restored
                            + (accepted
                                    ? "; checkpointing it every "
                                            + EVERY.toSeconds()
                                            + " s for "
                                            + CATCH_UP.toSeconds()
                                            + " s"
                                    : "; the checkpoint request was refused"));
        }
        return accepted;
    }

    /** Restored, and no checkpoint completed that was triggered after the restore. */
    static boolean waitsForFirstCheckpoint(FlinkRest.Checkpoints stats) {
        return stats.restored().isPresent()
                && stats.lastCompletedTriggered()
                        .map(triggered -> triggered.isBefore(stats.restored().get()))
                        .orElse(true);
    }
}
