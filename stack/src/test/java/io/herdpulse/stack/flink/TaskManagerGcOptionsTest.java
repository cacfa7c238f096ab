package io.herdpulse.stack.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.stack.Distribution;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TaskManagerGcOptionsTest {

    /** A JVM refuses an experimental option without its unlock before it, and does not start. */
    @Test
    void theTaskManagersGcOptionsStartThisJava() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Distribution.java());
        command.addAll(FlinkCluster.TASKMANAGER_GC_OPTIONS);
        command.add("-XX:+PrintFlagsFinal");
        command.add("-version");
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(output).isZero();
        assertThat(output)
                .containsPattern("bool UseG1GC\\s+= true")
                .containsPattern("uintx G1NewSizePercent\\s+= 30");
    }
}
