package io.herdpulse.stack.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WholeFileTest {
    @TempDir Path dir;

    @Test
    void theNewContentReplacesTheOldAndNothingIsLeftBeside() throws Exception {
        Path file = Files.writeString(dir.resolve("targets.json"), "old and longer\n");

        WholeFile.replace(file, "new\n");

        assertThat(file).hasContent("new");
        try (var entries = Files.list(dir)) {
            assertThat(entries).containsExactly(file);
        }
    }

    @Test
    void whatACrashLeftHalfWrittenIsOverwritten() throws Exception {
        Path file = dir.resolve("postgres.pid");
        Files.writeString(dir.resolve(".postgres.pid.partial"), "12345 half a pi");

        WholeFile.replace(file, "678 2026-12-06T05:00:00Z 99\n");

        try (var entries = Files.list(dir)) {
            assertThat(entries).containsExactly(file);
        }
        assertThat(Files.readString(file)).isEqualTo("678 2026-12-06T05:00:00Z 99\n");
    }
}
