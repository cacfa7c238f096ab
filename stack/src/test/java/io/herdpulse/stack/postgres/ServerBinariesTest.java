package io.herdpulse.stack.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.herdpulse.stack.StackException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster runs only on a server of the major version that made it: after a Debian upgrade that
 * installs a new major beside the old, the newest refuses the old cluster.
 */
class ServerBinariesTest {
    @TempDir Path root;
    @TempDir Path dataDir;

    @Test
    void aClusterRunsOnTheServerOfItsOwnVersionThoughANewerIsInstalled() throws IOException {
        install("15", "16");
        Files.writeString(dataDir.resolve("PG_VERSION"), "15\n");

        assertThat(ServerBinaries.forCluster(root, dataDir)).isEqualTo(root.resolve("15/bin"));
    }

    @Test
    void aClusterNotMadeYetIsMadeByTheNewestServer() throws IOException {
        install("9.6", "10", "16", "15");

        assertThat(ServerBinaries.forCluster(root, dataDir)).isEqualTo(root.resolve("16/bin"));
    }

    @Test
    void aClusterWhoseServerIsNoLongerInstalledFailsAtOnceNamingTheWaysOut() throws IOException {
        install("15", "16");
        Files.writeString(dataDir.resolve("PG_VERSION"), "14\n");

        StackException refused =
                catchThrowableOfType(
                        StackException.class, () -> ServerBinaries.forCluster(root, dataDir));

        assertThat(refused)
                .hasMessageContaining("version 14")
                .hasMessageContaining("15, 16")
                .hasMessageContaining("postgresql-14")
                .hasMessageContaining("HERDPULSE_PG_BINDIR")
                .hasMessageContaining("pg_upgrade")
                .hasMessageContaining("bin/herdpulse down --purge");
    }

    @Test
    void noServerInstalledSaysWhatToInstall() throws IOException {
        Files.createDirectories(root.resolve("16/bin"));

        assertThat(
                        catchThrowableOfType(
                                StackException.class,
                                () -> ServerBinaries.forCluster(root, dataDir)))
                .hasMessageContaining("apt-get install postgresql");
    }

    /** A server of each version, as Debian installs it: an executable N/bin/postgres. */
    private void install(String... versions) throws IOException {
        for (String version : versions) {
            Path bin = Files.createDirectories(root.resolve(version).resolve("bin"));
            Path postgres = Files.writeString(bin.resolve("postgres"), "#!/bin/sh\nexit 1\n");
            Files.setPosixFilePermissions(postgres, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
