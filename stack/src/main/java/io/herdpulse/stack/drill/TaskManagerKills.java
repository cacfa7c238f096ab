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
 * its checkpoint by itself (at a lower parallelism on the TaskManager left, then scaled up again
 * onto the one brought back).
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
        // One failure at a time: each kill strikes the job running on every TaskManager (the last
        // scale-up's tasks may still be deploying).
        FlinkCluster flink = run.stack().flink();
        DrillRun.await(
                "the job to run on every TaskManager again before the next kill",
                RESTART_TIMEOUT,
                () ->
                        flink.rest()
                                .runningTasksByTaskManager(run.job())
                                .keySet()
                                .containsAll(
                                        flink.taskManagers().stream()
                                                .map(ManagedProcess::name)
                                                .toList()));
        ManagedProcess taskManager =
                flink.busiestTaskManager(run.job())
                        .orElseThrow(() -> new StackException("no TaskManager runs the job"));
        ProcessHandle victim =
                taskManager
                        .running()
                        .orElseThrow(() -> new StackException("no TaskManager is running"));
        Instant killed = Instant.now();
        victim.destroyForcibly();
        victim.onExit().join();
        // The job recovers on the TaskManager left while the supervisor holds the victim's restart
        // back (its grace): its row comes first, then the restart is awaited. Its row, not the
        // survivor's: the survivor's sinks may still commit rows of the checkpoint before the kill
        // until the job cancels them (0.1 s after a kill, once), so the rows counted are those
        // written after the job restored its checkpoint.
        Recovery.Back back = run.awaitNewRow(run.awaitRestoreAfter(killed));
        DrillRun.await(
                "the supervisor to restart the TaskManager (is it running? bin/herdpulse up"
                        + " starts it)",
                RESTART_TIMEOUT,
                () ->
                        taskManager
                                .running()
                                .filter(handle -> handle.pid() != victim.pid())
                                .isPresent());
        // Then the job scales back up onto it, a JVM that never ran the job: that pause is the
        // price of recovering on a TaskManager that had been running it, and the drill shows it.
        Instant restarted = Instant.now();
        Instant scaledUp = run.awaitRestoreAfter(restarted);
        return new Recovery(
                "kill -9 TaskManager (pid " + victim.pid() + ")",
                killed,
                Optional.empty(),
                back,
                Optional.of(new Recovery.ScaleUp(scaledUp, run.awaitNewRow(scaledUp))));
    }
}
