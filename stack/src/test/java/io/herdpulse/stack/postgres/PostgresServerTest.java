package io.herdpulse.stack.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import io.herdpulse.schema.Role;
import io.herdpulse.stack.Secrets;
import io.herdpulse.stack.StackException;
import io.herdpulse.stack.StackHome;
import io.herdpulse.stack.process.Ports;
import io.herdpulse.stack.process.Stopped;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the supervisor counts as a PostgreSQL that does not answer, and replaces after a minute: a
 * connection that stays silent, never a refusal the server sends. And what a server or initdb
 * killed half-way left behind does not keep the next start from succeeding.
 */
class PostgresServerTest {
    /** A server of its own in {@code home}, on a free port. */
    private static PostgresServer serverIn(StackHome home) throws Exception {
        // Every user can traverse it: run as root, PostgreSQL runs as the postgres user.
        Files.setPosixFilePermissions(home.root(), PosixFilePermissions.fromString("rwxr-xr-x"));
        return new PostgresServer(
                home, new Secrets(home.root().resolve("secrets"), Map.of()), Ports.freePort());
    }

    @Test
    void whatAnInitdbKilledHalfWayLeftIsRemovedAndTheClusterIsMadeAgain(@TempDir Path dir)
            throws Exception {
        StackHome home = new StackHome(dir);
        PostgresServer server = serverIn(home);
        // initdb writes PG_VERSION first; killed then, nothing more of the cluster is there.
        Path leftover = dir.resolve("data/" + PostgresServer.NAME + ".initdb");
        Files.createDirectories(leftover.resolve("base"));
        Files.writeString(leftover.resolve("PG_VERSION"), "15\n");

        try {
            server.start();

            assertThat(server.answers()).isTrue();
            assertThat(home.data(PostgresServer.NAME).resolve("global/pg_control")).exists();
            assertThat(leftover).doesNotExist();
        } finally {
            server.stop();
        }
    }

    /**
     * An {@code up} killed (SIGKILL) before its migration left the server running without its
     * database: the next {@code up} finds it running and completes its start.
     */
    @Test
    void aServerLeftRunningWithoutItsDatabaseIsMigratedWhenItsStartIsCompleted(@TempDir Path dir)
            throws Exception {
        PostgresServer server = serverIn(new StackHome(dir));
        server.start();
        try {
            server.dropDatabase(PostgresServer.DATABASE);
            assertThat(server.isHealthy()).isFalse();

            server.completeStart();

            assertThat(server.isHealthy()).isTrue();
        } finally {
            server.stop();
        }
    }

    /**
     * An {@code up} from a shell without the passwords' variables, while the stack that a shell
     * with them started runs, completes the running server's start, and a drill or bench from it
     * makes a database of its own: neither may give the roles new passwords, which the running job,
     * dashboards and exporter would then lack (found by review, 2026-12-06).
     */
    @Test
    void completingTheStartOfARunningServerKeepsThePasswordsItsRolesHave(@TempDir Path dir)
            throws Exception {
        StackHome home = new StackHome(dir);
        PostgresServer server = serverIn(home);
        server.start();
        try {
            String reader = server.password(Role.READER);
            PostgresServer fromAnotherShell =
                    new PostgresServer(
                            home,
                            new Secrets(
                                    dir.resolve("secrets"),
                                    Map.of("HERDPULSE_READER_PASSWORD", "another-" + reader)),
                            server.port());

            fromAnotherShell.completeStart();
            fromAnotherShell.createDatabase("drill");

            try (var login =
                    DriverManager.getConnection(server.jdbcUrl(), Role.READER.roleName(), reader)) {
                assertThat(login.isValid(5)).isTrue();
            }
        } finally {
            server.stop();
        }
    }

    /**
     * What the migrations take from every role in the stack's database, large objects and temporary
     * tables, they could still do in the cluster's others, and template1's large objects are copied
     * into every database made after it (found by review, 2026-12-06).
     */
    @Test
    void theRolesCannotConnectToTheClustersOtherDatabases(@TempDir Path dir) throws Exception {
        PostgresServer server = serverIn(new StackHome(dir));
        server.start();
        try {
            for (String other : List.of("postgres", "template1")) {
                SQLException refused =
                        catchThrowableOfType(
                                SQLException.class,
                                () ->
                                        DriverManager.getConnection(
                                                        server.jdbcUrl(other),
                                                        Role.READER.roleName(),
                                                        server.password(Role.READER))
                                                .close());
                assertThat((Throwable) refused).as(other + " let the reader in").isNotNull();
                assertThat(refused.getSQLState()).as(other).isEqualTo("42501");
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void aLockFileWhosePidAnotherProcessOfTheServersUserHoldsDoesNotKeepItDown(@TempDir Path dir)
            throws Exception {
        StackHome home = new StackHome(dir);
        PostgresServer server = serverIn(home);
        server.start();
        server.stop();
        // After a reboot, the old postmaster's pid is another process of the server's user.
        List<String> sleep = new ArrayList<>(PostgresServer.runAs(isRoot()));
        sleep.addAll(List.of("sleep", "600"));
        Process other = new ProcessBuilder(sleep).start();
        Path data = home.data(PostgresServer.NAME);
        Files.writeString(
                data.resolve(PostmasterLock.FILE), other.pid() + "\n" + data + "\n1796500000\n");

        try {
            server.start();

            assertThat(server.answers()).isTrue();
        } finally {
            server.stop();
            other.destroyForcibly().waitFor();
        }
    }

    private static boolean isRoot() {
        return new UnixSystem().getUid() == 0;
    }

    @Test
    void aServerThatAcceptsAndSaysNothingIsNoAnswer() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Properties login = new Properties();
            login.setProperty("user", "herdpulse_reader");
            login.setProperty("password", "any");
            login.setProperty("loginTimeout", "1");

            SQLException timedOut =
                    catchThrowableOfType(
                            SQLException.class,
                            () ->
                                    DriverManager.getConnection(
                                            "jdbc:postgresql://127.0.0.1:"
                                                    + silent.getLocalPort()
                                                    + "/herdpulse",
                                            login));

            assertThat(PostgresServer.isAnswer(timedOut)).as(timedOut.toString()).isFalse();
        }
    }

    /**
     * Longer than any look or login the stack gives its PostgreSQL, far shorter than for ever: what
     * pgjdbc waited, by default, on a server that accepted the connection and said nothing.
     */
    private static final Duration BOUND = Duration.ofSeconds(20);

    @Test
    void everyLookAtAServerThatAcceptsAndSaysNothingGivesUpWithinSeconds(@TempDir Path dir)
            throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            PostgresServer server = silentServer(new StackHome(dir), silent);

            // The look start() repeats until its deadline, which it only reads between looks.
            assertThat(assertTimeoutPreemptively(BOUND, server::acceptsOwner)).isFalse();
            assertThat(assertTimeoutPreemptively(BOUND, server::answers)).isFalse();
            assertThat(assertTimeoutPreemptively(BOUND, server::isHealthy)).isFalse();
        }
    }

    @Test
    void aMigrationOnAServerThatAcceptsAndSaysNothingFailsWithinSeconds(@TempDir Path dir)
            throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            PostgresServer server = silentServer(new StackHome(dir), silent);

            assertTimeoutPreemptively(
                    BOUND, () -> failsWithStackException(() -> server.createDatabase("drill")));
            assertTimeoutPreemptively(
                    BOUND, () -> failsWithStackException(() -> server.dropDatabase("drill")));
        }
    }

    /**
     * The reviewer's case: a postmaster stopped with SIGSTOP still has its connections accepted by
     * the kernel, and answers none; start() looked at it for ever, holding the stack's lock.
     */
    @Test
    void aStoppedPostgresFailsTheStartsLookAndTheMigrationWithinSeconds(@TempDir Path dir)
            throws Exception {
        PostgresServer server = serverIn(new StackHome(dir));
        server.start();
        long pid = server.running().orElseThrow().pid();
        try {
            Stopped.signal("-STOP", pid);
            await().atMost(Duration.ofSeconds(10)).until(() -> Stopped.everyThreadStopped(pid));

            assertThat(assertTimeoutPreemptively(BOUND, server::acceptsOwner)).isFalse();
            assertTimeoutPreemptively(
                    BOUND, () -> failsWithStackException(() -> server.createDatabase("drill")));
        } finally {
            Stopped.signal("-CONT", pid);
            server.stop();
        }
    }

    @Test
    void aClusterOfAVersionNoLongerInstalledFailsTheStartAtOnceSayingSo(@TempDir Path dir)
            throws Exception {
        assumeTrue(System.getenv("HERDPULSE_PG_BINDIR") == null, "HERDPULSE_PG_BINDIR wins");
        StackHome home = new StackHome(dir);
        PostgresServer server = serverIn(home);
        // No Debian release has shipped PostgreSQL 7's server.
        Files.writeString(home.data(PostgresServer.NAME).resolve("PG_VERSION"), "7\n");

        StackException refused =
                assertTimeoutPreemptively(
                        Duration.ofSeconds(5),
                        () -> catchThrowableOfType(StackException.class, server::start));

        assertThat(refused).hasMessageContaining("version 7").hasMessageContaining("pg_upgrade");
        assertThat(server.running()).isEmpty();
    }

    private static PostgresServer silentServer(StackHome home, ServerSocket silent) {
        return new PostgresServer(
                home, new Secrets(home.root().resolve("secrets"), Map.of()), silent.getLocalPort());
    }

    private static void failsWithStackException(Runnable action) {
        try {
            action.run();
            fail("no StackException");
        } catch (StackException expected) {
            // what up and the supervisor report, and the stack's lock is let go
        }
    }

    @Test
    void aRefusalFromTheServerIsAnAnswer() {
        assertThat(PostgresServer.isAnswer(new SQLException("too many clients", "53300"))).isTrue();
        assertThat(PostgresServer.isAnswer(new SQLException("password failed", "28P01"))).isTrue();
        assertThat(PostgresServer.isAnswer(new SQLException("starting up", "57P03"))).isTrue();
        assertThat(PostgresServer.isAnswer(new SQLException("reset", "08006"))).isFalse();
        assertThat(PostgresServer.isAnswer(new SQLException("no state"))).isFalse();
    }
}
