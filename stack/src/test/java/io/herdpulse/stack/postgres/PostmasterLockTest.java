package io.herdpulse.stack.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostmasterLockTest {
    @TempDir Path dataDir;
    private Process process;

    @AfterEach
    void stopTheProcess() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    @Test
    void aLockNamingALiveProcessThatIsNotThisDirectorysPostmasterIsRemoved() throws Exception {
        process = new ProcessBuilder("sleep", "600").start();
        Path lock = writeLock(Long.toString(process.pid()));

        PostmasterLock.clearIfStale(dataDir);

        assertThat(lock).doesNotExist();
    }

    @Test
    void aLockNamingAProcessWhoseCommandLineNamesThisDirectoryIsKept() throws Exception {
        // A shell that is not the last command's exec, so its own command line stays as given.
        process =
                new ProcessBuilder(
                                List.of(
                                        "sh",
                                        "-c",
                                        "sleep 600; true",
                                        "postgres",
                                        "-D",
                                        dataDir.toString()))
                        .start();
        Path lock = writeLock(Long.toString(process.pid()));

        PostmasterLock.clearIfStale(dataDir);

        assertThat(lock).exists();
    }

    @Test
    void aLockItCannotReadIsLeftToPostgres() throws Exception {
        Path garbled = writeLock("not a pid");

        PostmasterLock.clearIfStale(dataDir);

        assertThat(garbled).exists();
    }

    @Test
    void noLockIsNothingToDo() throws Exception {
        PostmasterLock.clearIfStale(dataDir);

        assertThat(dataDir.resolve(PostmasterLock.FILE)).doesNotExist();
    }

    private Path writeLock(String firstLine) throws Exception {
        return Files.writeString(
                dataDir.resolve(PostmasterLock.FILE),
                firstLine + "\n" + dataDir + "\n1796500000\n5432\n");
    }
}
