package io.herdpulse.stack.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.stack.flink.FlinkRest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A restored job is checkpointed as soon as all its tasks run and then every second while it
 * catches up, and never otherwise.
 */
class CheckpointAfterRestoreTest {
    private static final Instant EARLIER = Instant.parse("2026-12-02T12:00:00Z");
    private static final Instant RESTORED = Instant.parse("2026-12-02T12:00:05Z");
    private static final Instant LATER = Instant.parse("2026-12-02T12:00:10Z");

    private final FakeCluster cluster = new FakeCluster();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final MutableClock clock = new MutableClock(RESTORED.plusSeconds(1));
    private final CheckpointAfterRestore watcher =
            new CheckpointAfterRestore(
                    cluster, new PrintStream(log, true, StandardCharsets.UTF_8), clock);

    @Test
    void checkpointsARestoredJobTheMomentEveryTaskRuns() {
        FlinkRest.Job job = cluster.job("a", "RUNNING");
        cluster.stats(job, Optional.of(RESTORED), Optional.of(EARLIER), 0);

        assertThat(watcher.poll()).as("tasks still deploying").isEmpty();

        clock.advance(Duration.ofMillis(200));
        cluster.tasksRunning.add(job.id());
        assertThat(watcher.poll()).containsExactly(job);
        assertThat(cluster.triggered).containsExactly("a");
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("runs every task again after its restore");
    }

    @Test
    void checkpointsEverySecondWhileCatchingUpThenLeavesItToThePeriodicOnes() {
        FlinkRest.Job job = cluster.job("a", "RUNNING");
        cluster.tasksRunning.add(job.id());
        cluster.stats(job, Optional.of(RESTORED), Optional.of(EARLIER), 0);

        for (int poll = 0; poll < 40; poll++) {
            watcher.poll();
            clock.advance(CheckpointAfterRestore.POLL);
        }

        // 8 s of polls: asked at 0, 1, 2, 3 and 4 s after the tasks ran, not at 5 s and later.
        assertThat(cluster.triggered).hasSize(5);
    }

    @Test
    void asksNothingWhileACheckpointIsUnderWay() {
        FlinkRest.Job job = cluster.job("a", "RUNNING");
        cluster.tasksRunning.add(job.id());
        cluster.stats(job, Optional.of(RESTORED), Optional.of(EARLIER), 1);

        watcher.poll();
        clock.advance(Duration.ofSeconds(2));
        watcher.poll();

        assertThat(cluster.triggered).isEmpty();
    }

    @Test
    void aNewRestoreStartsOver() {
        FlinkRest.Job job = cluster.job("a", "RUNNING");
        cluster.tasksRunning.add(job.id());
        cluster.stats(job, Optional.of(RESTORED), Optional.of(EARLIER), 0);
        watcher.poll();
        clock.advance(Duration.ofMinutes(1));
        watcher.poll();
        assertThat(cluster.triggered).hasSize(1);

        cluster.stats(job, Optional.of(clock.instant()), Optional.of(LATER), 0);
        watcher.poll();
        assertThat(cluster.triggered).hasSize(2);
    }

    @Test
    void leavesJobsAloneThatCheckpointedSinceTheirRestoreOrNeverRestored() {
        FlinkRest.Job checkpointed = cluster.job("checkpointed", "RUNNING");
        cluster.stats(checkpointed, Optional.of(RESTORED), Optional.of(LATER), 0);
        FlinkRest.Job fresh = cluster.job("fresh", "RUNNING");
        cluster.stats(fresh, Optional.empty(), Optional.empty(), 0);
        FlinkRest.Job restarting = cluster.job("restarting", "RESTARTING");
        cluster.stats(restarting, Optional.of(RESTORED), Optional.of(EARLIER), 0);
        cluster.tasksRunning.addAll(List.of("checkpointed", "fresh", "restarting"));

        for (int poll = 0; poll < 10; poll++) {
            assertThat(watcher.poll()).isEmpty();
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(cluster.triggered).isEmpty();
    }

    @Test
    void aJobRestoredFromASavepointWithoutACheckpointYetWaitsForItsFirst() {
        assertThat(
                        CheckpointAfterRestore.waitsForFirstCheckpoint(
                                new FlinkRest.Checkpoints(
                                        Optional.of(RESTORED),
                                        Optional.empty(),
                                        0,
                                        Optional.empty())))
                .isTrue();
        assertThat(
                        CheckpointAfterRestore.waitsForFirstCheckpoint(
                                new FlinkRest.Checkpoints(
                                        Optional.of(RESTORED),
                                        Optional.of(RESTORED),
                                        0,
                                        Optional.empty())))
                .as("a checkpoint triggered at the restore's millisecond came after it")
                .isFalse();
    }

    private static final class FakeCluster implements CheckpointAfterRestore.Cluster {
        final List<FlinkRest.Job> jobs = new ArrayList<>();
        final Map<String, FlinkRest.Checkpoints> stats = new HashMap<>();
        final Set<String> tasksRunning = new HashSet<>();
        final List<String> triggered = new ArrayList<>();

        FlinkRest.Job job(String id, String state) {
            FlinkRest.Job job = new FlinkRest.Job(id, "HerdPulse", state);
            jobs.add(job);
            return job;
        }

        void stats(
                FlinkRest.Job job,
                Optional<Instant> restored,
                Optional<Instant> completed,
                int inProgress) {
            stats.put(
                    job.id(),
                    new FlinkRest.Checkpoints(restored, completed, inProgress, Optional.empty()));
        }

        @Override
        public List<FlinkRest.Job> jobs() {
            return jobs;
        }

        @Override
        public Optional<FlinkRest.Checkpoints> checkpoints(FlinkRest.Job job) {
            return Optional.ofNullable(stats.get(job.id()));
        }

        @Override
        public boolean tasksRunning(FlinkRest.Job job) {
            return tasksRunning.contains(job.id());
        }

        @Override
        public boolean triggerCheckpoint(FlinkRest.Job job) {
            triggered.add(job.id());
            return true;
        }
    }
}
