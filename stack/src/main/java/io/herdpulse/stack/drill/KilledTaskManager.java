package io.herdpulse.stack.drill;

import io.herdpulse.stack.flink.FlinkRest;
import io.herdpulse.stack.process.ManagedProcess;
import java.time.Instant;
import java.util.Optional;

/**
 * A TaskManager the drill killed. Until the JobManager's own heartbeats notice the loss, the job's
 * restarts may deploy to the dead JVM's slots and fail there: those failures are the kill's, not a
 * crash loop. They are told by where they happened, not by a margin of time: a failure located on
 * the killed TaskManager's resource id before its replacement's JVM started can only be the dead
 * one's. The supervisor restarts it under the same id, and from then on its failures count.
 */
record KilledTaskManager(ManagedProcess taskManager, long pid) {

    boolean caused(FlinkRest.Failure failure) {
        return caused(failure, taskManager.name(), replacementStarted());
    }

    static boolean caused(
            FlinkRest.Failure failure, String taskManagerId, Optional<Instant> replacementStarted) {
        return failure.taskManagerId().filter(taskManagerId::equals).isPresent()
                && replacementStarted.map(failure.at()::isBefore).orElse(true);
    }

    private Optional<Instant> replacementStarted() {
        return taskManager
                .running()
                .filter(handle -> handle.pid() != pid)
                .flatMap(handle -> handle.info().startInstant());
    }
}
