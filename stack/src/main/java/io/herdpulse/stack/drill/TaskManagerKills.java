package io.herdpulse.stack.drill;

import io.herdpulse.stack.StackException;
import io.herdpulse.stack.flink.FlinkCluster;
import io.herdpulse.stack.process.ManagedProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.DoubleStream;

/**
 * {@code taskmanager}: the TaskManager the job runs on killed with SIGKILL, three times by default.
 * The drill only kills: the stack's supervisor must bring it back, and the job must restore from
 * its checkpoint by itself, on the standby's slots.
 */
final class TaskManagerKills implements Disruption {
    private static final Duration RESTART_TIMEOUT = Duration.ofMinutes(2);

    private final int kills;

    TaskManagerKills(int kills) {
        this.kills = kills;
    }

    @Override
    public String name() {
        return "taskmanager";
    }

    @Override
    public List<Double> moments(SplittableRandom random) {
        return DoubleStream.generate(() -> random.nextDouble(0.1, 0.8))
                .limit(kills)
                .sorted()
                .boxed()
                .toList();
    }

    @Override
    public Recovery strike(DrillRun run) {
        // One failure at a time: each kill strikes the job at full parallelism with every
        // TaskManager registered, as the first one did.
        FlinkCluster flink = run.stack().flink();
        DrillRun.await(
                "every TaskManager to register, and the job to run at full parallelism, before the"
                        + " next kill",
                RESTART_TIMEOUT,
                () ->
                        flink.rest().registeredTaskManagers() == flink.taskManagers().size()
                                && flink.rest().runningParallelism(run.job())
                                        == DrillRun.PARALLELISM);
        // Asked until answered: a JobManager too busy for one request runs the job all the same.
        ManagedProcess taskManager =
                DrillRun.awaitAnswer(
                        "the JobManager to say which TaskManager runs the job",
                        RESTART_TIMEOUT,
                        () -> flink.busiestTaskManager(run.job()));
        ProcessHandle victim =
                taskManager
                        .running()
                        .orElseThrow(() -> new StackException("no TaskManager is running"));
        Instant killed = Instant.now();
        victim.destroyForcibly();
        victim.onExit().join();
        run.killed(taskManager, victim.pid());
        // The failure is over once the ResourceManager has dropped the dead TaskManager: the
        // job's restarts from then on go to the standby's slots, or to the dead one's until the
        // job's own heartbeats notice too, which the run tells by their location.
        DrillRun.await(
                "the JobManager to notice the lost TaskManager",
                RESTART_TIMEOUT,
                () ->
                        flink.rest()
                                .registeredTaskManagerIds()
                                .filter(ids -> !ids.contains(taskManager.name()))
                                .isPresent());
        run.failureOver(Instant.now());
        // The job recovers while the supervisor holds the victim's restart back (its grace): its
        // row comes first, then the restart is awaited. Its row, not a survivor's: tasks of the job
        // on another TaskManager may still commit rows of the checkpoint before the kill until the
        // job cancels them (0.1 s after a kill, once, with the job on both TaskManagers), so the
        // rows counted are those written after the job's tasks were deployed again. Not after it
        // restored a checkpoint: a kill before the first one has none to restore (DrillIT, seed
        // 156217096953207, its first kill 1.6 s into the data).
        Recovery.Back back = run.awaitNewRow(run.awaitRunningAgainAfter(killed));
        DrillRun.await(
                "the supervisor to restart the TaskManager (is it running? bin/herdpulse up"
                        + " starts it)",
                RESTART_TIMEOUT,
                () ->
                        taskManager
                                .running()
                                .filter(handle -> handle.pid() != victim.pid())
                                .isPresent());
        return new Recovery(
                "kill -9 TaskManager (pid " + victim.pid() + ")", killed, Optional.empty(), back);
    }
}
