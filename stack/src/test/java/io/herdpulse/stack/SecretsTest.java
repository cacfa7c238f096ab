package io.herdpulse.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

    @Test
    void generatesAPasswordOnceIntoAnOwnerOnlyFile(@TempDir Path home) throws Exception {
        Secrets secrets = new Secrets(home.resolve("secrets"), Map.of());

        String first = secrets.password("writer", "HERDPULSE_WRITER_PASSWORD");
        String second = new Secrets(home.resolve("secrets"), Map.of()).password("writer", "X");

        assertThat(first).hasSizeGreaterThanOrEqualTo(32).isEqualTo(second);
        assertThat(secrets.password("reader", "HERDPULSE_READER_PASSWORD")).isNotEqualTo(first);
        Path file = home.resolve("secrets/writer.password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void anEmptyPasswordFileIsNeverUsed(@TempDir Path home) throws Exception {
        Path file = Files.createDirectories(home.resolve("secrets")).resolve("writer.password");
        Files.createFile(file);

        String password = new Secrets(home.resolve("secrets"), Map.of()).password("writer", "X");

        assertThat(password).isNotBlank();
        assertThat(Files.readString(file)).isEqualTo(password + "\n");
    }

    @Test
    void concurrentFirstReadsAgree(@TempDir Path home) throws Exception {
        int readers = 32;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(readers);
        try {
            List<Future<String>> passwords =
                    IntStream.range(0, readers)
                            .mapToObj(
                                    reader ->
                                            threads.submit(
                                                    () -> {
                                                        start.await();
                                                        return new Secrets(
                                                                        home.resolve("secrets"),
                                                                        Map.of())
                                                                .password("writer", "X");
                                                    }))
                            .toList();
            start.countDown();
            String first = passwords.get(0).get();
            assertThat(first).isNotBlank();
            for (Future<String> password : passwords) {
                assertThat(password.get()).isEqualTo(first);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void thePasswordFromTheEnvironmentWinsAndIsNotWrittenToDisk(@TempDir Path home) {
        Secrets secrets =
                new Secrets(
                        home.resolve("secrets"), Map.of("HERDPULSE_WRITER_PASSWORD", "from-env"));

        assertThat(secrets.password("writer", "HERDPULSE_WRITER_PASSWORD")).isEqualTo("from-env");
        assertThat(home.resolve("secrets/writer.password")).doesNotExist();
    }
}
