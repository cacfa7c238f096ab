package io.herdpulse.stack.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.stack.Distribution;
import io.herdpulse.stack.StackHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailureBehaviourTest {
    /** Whatever names one of the set's option families, nested or flat. */
    private static final Pattern FAILURE_OPTION =
            Pattern.compile("heartbeat|restart-strategy|failover-strategy|checkpoint-retention");

    /**
     * config.yaml states each option of FAILURE_BEHAVIOUR once, as a top-level line (Flink 2.2
     * reads flat keys beside nested ones), and nothing else of their families that could override
     * one of them.
     */
    @Test
    void theRenderedConfigurationHoldsExactlyTheFailureBehaviour(@TempDir Path dir)
            throws Exception {
        FlinkCluster cluster =
                new FlinkCluster(
                        new Distribution(dir.resolve("distribution")),
                        new StackHome(dir.resolve("home")),
                        new FlinkCluster.Settings(
                                8081, 6123, 9249, 9259, 2, 2, TaskManagerMemory.of("1536m")));
        cluster.writeConfiguration();

        List<String> options =
                Files.readAllLines(cluster.confDir().resolve("config.yaml")).stream()
                        .filter(line -> !line.strip().startsWith("#"))
                        .filter(line -> FAILURE_OPTION.matcher(line).find())
                        .toList();
        assertThat(options)
                .containsExactlyInAnyOrderElementsOf(
                        FlinkCluster.FAILURE_BEHAVIOUR.entrySet().stream()
                                .map(option -> option.getKey() + ": " + option.getValue())
                                .toList());
    }
}
