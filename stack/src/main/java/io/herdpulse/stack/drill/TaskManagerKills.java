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
 * its checkpoint by itself (on the standby TaskManager's slots).
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
        // A kill before the previous victim's successor has registered would leave the job no
        // standby slots: its recovery would include a TaskManager's start, which is not what the
        // drill measures (and no longer one failure at a time).
        FlinkCluster flink = run.stack().flink();
        DrillRun.await(
                "every TaskManager to register, and the job's slots, before the next kill",
                RESTART_TIMEOUT,
                () ->
                        flink.rest().registeredTaskManagers() == flink.taskManagers().size()
                                && flink.busiestTaskManager().isPresent());
        ManagedProcess taskManager =
                flink.busiestTaskManager()
                        .orElseThrow(() -> new StackException("no TaskManager runs the job"));
        ProcessHandle victim =
                taskManager
                        .running()
                        .orElseThrow(() -> new StackException("no TaskManager is running"));
        Instant killed = Instant.now();
        victim.destroyForcibly();
        victim.onExit().join();
        // The job recovers on the standby while the supervisor holds the victim's restart back
        // (its grace): its row comes first, then the restart is awaited.
        Recovery.Back back = run.awaitNewRow(killed);
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
