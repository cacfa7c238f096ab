package io.herdpulse.stack.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.StackException;
import io.herdpulse.stack.StackHome;
import java.nio.file.Path;
import org.apache.flink.configuration.BlobServerOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ConfigurationUtils;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rendered config.yaml, read back by Flink's own loader as the JobManager, the TaskManagers and
 * the CLI read it: every directory inside the home, whatever the home's name.
 */
class FlinkConfigurationTest {
    private static final FlinkCluster.Settings SETTINGS =
            new FlinkCluster.Settings(
                    18081, 16123, 19249, 19259, 3, 2, TaskManagerMemory.of("1536m"));

    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "herd #2",
                "herd#2 # not a comment",
                "ana's \"herd\"",
                "My Projects/hérd ∂",
                "herd - [a b] {c} & *d !e %f @g `h` | > ? ~",
                "  leading and trailing  ",
                "a\ttab and a\nline break and a \u0085 next line"
            })
    void everyDirectoryFlinkReadsIsTheOneInTheHome(String name) throws Exception {
        StackHome home = new StackHome(dir.resolve(name));
        FlinkCluster cluster = new FlinkCluster(new Distribution(dir), home, SETTINGS);

        cluster.writeConfiguration();

        Configuration read = GlobalConfiguration.loadConfiguration(cluster.confDir().toString());
        Path data = home.root().resolve("data").resolve("flink");
        assertThat(ConfigurationUtils.parseTempDirectories(read))
                .containsExactly(data.resolve("tmp").toString());
        assertThat(read.get(WebOptions.TMP_DIR)).isEqualTo(data.resolve("web").toString());
        assertThat(read.get(WebOptions.UPLOAD_DIR)).isEqualTo(data.resolve("upload").toString());
        assertThat(read.get(BlobServerOptions.STORAGE_DIRECTORY))
                .isEqualTo(data.resolve("blobs").toString());
        assertThat(flinkPath(read.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)))
                .isEqualTo(data.resolve("checkpoints").toString());
        assertThat(flinkPath(read.get(CheckpointingOptions.SAVEPOINT_DIRECTORY)))
                .isEqualTo(data.resolve("savepoints").toString());
    }

    /**
     * A home whose path Flink splits (io.tmp.dirs at ',' and ':') or rewrites (its Path takes '\\'
     * for '/') is refused with the reason, before anything is written outside it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"herd: 2", "herd:2", "herd, 2", "herd\\2"})
    void aHomeFlinkCannotNameIsRefusedWithTheReason(String name) {
        FlinkCluster cluster =
                new FlinkCluster(new Distribution(dir), new StackHome(dir.resolve(name)), SETTINGS);

        assertThatThrownBy(cluster::writeConfiguration)
                .isInstanceOf(StackException.class)
                .hasMessageContaining("HERDPULSE_HOME");
        assertThat(cluster.confDir().resolve("config.yaml")).doesNotExist();
    }

    /** The options that are no path come back as the types Flink reads them as. */
    @ParameterizedTest
    @ValueSource(strings = {"herd", "herd #2"})
    void everyOtherOptionKeepsItsValue(String name) throws Exception {
        FlinkCluster cluster =
                new FlinkCluster(new Distribution(dir), new StackHome(dir.resolve(name)), SETTINGS);

        cluster.writeConfiguration();

        Configuration read = GlobalConfiguration.loadConfiguration(cluster.confDir().toString());
        assertThat(read.get(JobManagerOptions.PORT)).isEqualTo(16123);
        assertThat(read.get(RestOptions.PORT)).isEqualTo(18081);
        assertThat(read.get(TaskManagerOptions.NUM_TASK_SLOTS)).isEqualTo(3);
        assertThat(read.get(CoreOptions.DEFAULT_PARALLELISM)).isEqualTo(3);
        assertThat(read.get(TaskManagerOptions.TOTAL_PROCESS_MEMORY))
                .isEqualTo(MemorySize.parse("1536m"));
        assertThat(read.get(JobManagerOptions.TOTAL_PROCESS_MEMORY))
                .isEqualTo(MemorySize.parse("1024m"));
        assertThat(read.toMap())
                .containsEntry("metrics.reporter.prom.port", "19249-19259")
                .containsEntry("execution.checkpointing.storage", "filesystem")
                .containsAllEntriesOf(FlinkCluster.FAILURE_BEHAVIOUR);
    }

    /** The directory Flink's own Path, which the JobManager makes of the option, names. */
    private static String flinkPath(String option) {
        return new org.apache.flink.core.fs.Path(option).toUri().getPath();
    }
}
