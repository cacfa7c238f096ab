package io.herdpulse.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
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
    void thePasswordFromTheEnvironmentWinsAndIsNotWrittenToDisk(@TempDir Path home) {
        Secrets secrets =
                new Secrets(
                        home.resolve("secrets"), Map.of("HERDPULSE_WRITER_PASSWORD", "from-env"));

        assertThat(secrets.password("writer", "HERDPULSE_WRITER_PASSWORD")).isEqualTo("from-env");
        assertThat(home.resolve("secrets/writer.password")).doesNotExist();
    }
}
