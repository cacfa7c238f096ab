package io.herdpulse.stack.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiesWithParentTest {

    @Test
    void theCommandIsKilledWhenWhatStartedItIsKilled(@TempDir Path dir) throws Exception {
        // A shell standing for the supervisor, killed with kill -9 while its command runs.
        List<String> parent =
                new ArrayList<>(List.of("sh", "-c", "\"$@\" & echo $! > child; wait", "sh"));
        parent.addAll(DiesWithParent.command(List.of("sleep", "313")));
        Process starter = new ProcessBuilder(parent).directory(dir.toFile()).start();
        Path childPid = dir.resolve("child");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(childPid) && !Files.readString(childPid).isBlank());
        ProcessHandle child =
                ProcessHandle.of(Long.parseLong(Files.readString(childPid).trim())).orElseThrow();
        assertThat(child.isAlive()).isTrue();

        starter.toHandle().destroyForcibly();

        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
        } finally {
            child.destroyForcibly();
        }
    }
}
