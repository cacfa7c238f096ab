package io.herdpulse.stack.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.herdpulse.stack.Secrets;
import io.herdpulse.stack.StackHome;
import io.herdpulse.stack.postgres.PostgresServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillDatabaseTest {
    /** Longer than the stack gives a look at its PostgreSQL, far shorter than for ever. */
    private static final Duration BOUND = Duration.ofSeconds(20);

    @Test
    void aDrillsLookAtAServerThatAcceptsAndSaysNothingFindsNoWriteWithinSeconds(@TempDir Path dir)
            throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            StackHome home = new StackHome(dir);
            DrillDatabase database =
                    new DrillDatabase(
                            new PostgresServer(
                                    home,
                                    new Secrets(home.root().resolve("secrets"), Map.of()),
                                    silent.getLocalPort()),
                            "drill");

            assertThat(assertTimeoutPreemptively(BOUND, database::latestWrite)).isEmpty();
            assertThat(
                            assertTimeoutPreemptively(
                                    BOUND, () -> database.firstCommitAfter(Instant.EPOCH)))
                    .isEmpty();
        }
    }
}
