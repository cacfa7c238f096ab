package io.herdpulse.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.job.stats.NeverIdle;
import java.util.stream.Stream;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.PartitionTransformation;
import org.apache.flink.streaming.runtime.partitioner.BroadcastPartitioner;
import org.junit.jupiter.api.Test;

class HerdPulseJobTest {

    private static StreamExecutionEnvironment configured(String... options) {
        return JobOperators.configured(JobOperators.config(options));
    }

    @Test
    void theFarmWindowsReadTheAnimalWindowsThroughAnOperatorNeverIdleChainedToThem()
            throws Exception {
        JobOperators job = new JobOperators();

        assertThat(job.copy("never-idle-to-the-farms")).isInstanceOf(NeverIdle.class);
        // No shuffle between the animal windows and it: chained, it is their task's output.
        assertThat(job.upstream("farm-window"))
                .startsWith("keyBy", "never-idle-to-the-farms", "animal-window");
    }

    @Test
    void everyInstanceOfTheAlertRulesHearsTheFarmReportsOfEveryInstanceNeverIdle()
            throws Exception {
        JobOperators job = new JobOperators();

        assertThat(job.input("alert-rules", 1))
                .isInstanceOfSatisfying(
                        PartitionTransformation.class,
                        reports -> {
                            assertThat(reports.getPartitioner())
                                    .isInstanceOf(BroadcastPartitioner.class);
                            assertThat(((Transformation<?>) reports.getInputs().get(0)).getUid())
                                    .isEqualTo("never-idle-to-the-alert-rules");
                        });
        assertThat(job.copy("never-idle-to-the-alert-rules")).isInstanceOf(NeverIdle.class);
        // Made of the arrivals the rules read: those of every instance's own cows.
        assertThat(job.upstream("never-idle-to-the-alert-rules"))
                .containsExactlyElementsOf(
                        Stream.concat(
                                        Stream.of("farm-reports"),
                                        job.upstream("alert-rules").stream())
                                .toList());
    }

    @Test
    void theSourceAndThePartitionWatermarksItsSplitsResumeFromRunInOneTask() {
        // A restored split learns its partition's time through the task's thread.
        assertThat(new JobOperators().tasks())
                .anySatisfy(
                        task ->
                                assertThat(task)
                                        .startsWith("Source: read and validate readings")
                                        .contains("stamp partition watermarks"));
    }

    @Test
    void aCancelledJobKeepsItsLastCheckpointWhateverClientSubmitsIt() {
        assertThat(configured().getCheckpointConfig().getExternalizedCheckpointRetention())
                .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    }

    @Test
    void emitsWatermarksEveryWatermarkInterval() {
        assertThat(configured().getConfig().getAutoWatermarkInterval()).isEqualTo(50);
        assertThat(
                        configured("--watermark-interval=PT0.35S")
                                .getConfig()
                                .getAutoWatermarkInterval())
                .isEqualTo(350);
    }
}
