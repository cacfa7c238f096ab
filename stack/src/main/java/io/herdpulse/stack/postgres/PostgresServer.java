package io.herdpulse.stack.postgres;

import com.sun.security.auth.module.UnixSystem;
import io.herdpulse.schema.Migrations;
import io.herdpulse.schema.Role;
import io.herdpulse.stack.Secrets;
import io.herdpulse.stack.Stack;
import io.herdpulse.stack.StackException;
import io.herdpulse.stack.StackHome;
import io.herdpulse.stack.process.DiesWithParent;
import io.herdpulse.stack.process.ManagedProcess;
import io.herdpulse.stack.process.Ports;
import io.herdpulse.stack.process.Signal;
import io.herdpulse.stack.process.Wait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster of the stack's own under {@code $HERDPULSE_HOME}, run from the installed
 * server binaries: no system cluster, no root needed. On every start the migrations are applied and
 * the roles' passwords set.
 *
 * <p>PostgreSQL refuses to run as root; when the stack runs as root, the server runs as the {@code
 * postgres} system user instead (which the Debian package creates), through {@code setpriv}, which
 * keeps the pid.
 */
public final class PostgresServer {
    /** SQLSTATE class 08: the connection failed, the server said nothing. */
    private static final String CONNECTION_EXCEPTION = "08";

    public static final String NAME = "postgres";
    public static final String DATABASE = "herdpulse";

    /**
     * The cluster's bootstrap superuser: used by {@code up} to migrate, never by the job or
     * Grafana.
     */
    public static final String OWNER = "herdpulse_owner";

    /** How long a start may take before it counts as failed. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final String SYSTEM_USER = "postgres";

    private final StackHome home;
    private final Secrets secrets;
    private final int port;
    private final Path dataDir;
    private final ManagedProcess process;

    public PostgresServer(StackHome home, Secrets secrets, int port) {
        this.home = home;
        this.secrets = secrets;
        this.port = port;
        this.dataDir = home.data(NAME);
        this.process = new ManagedProcess(NAME, home.pidFile(NAME), home.log(NAME));
    }

    public int port() {
        return port;
    }

    public ManagedProcess process() {
        return process;
    }

    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /**
     * A database of its own beside the stack's, migrated as the stack's is, for runs whose rows
     * must not mix with the stack's (benchmarks): the same roles and passwords work in it. Drop it
     * with {@link #dropDatabase}. Returns its JDBC URL.
     */
    public String createDatabase(String database) {
        // The roles are the cluster's, so the running stack's: a drill or bench from a shell
        // without the passwords' variables gave them new ones (found by review, 2026-12-06).
        migrate(database, Passwords.ONLY_MISSING);
        return jdbcUrl(database);
    }

    public void dropDatabase(String database) {
        try (Connection owner = ownerConnection("postgres");
                Statement drop = owner.createStatement()) {
            drop.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new StackException("cannot drop database " + database + ": " + e.getMessage(), e);
        }
    }

    public String password(Role role) {
        return secrets.password(
                role.name().toLowerCase(), "HERDPULSE_" + role.name() + "_PASSWORD");
    }

    public void start() {
        process.kill();
        Path bin = binaries();
        boolean asRoot = new UnixSystem().getUid() == 0;
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            initdb(bin, asRoot);
        }
        List<String> command = new ArrayList<>(runAs(asRoot));
        command.addAll(
                List.of(
                        bin.resolve("postgres").toString(),
                        "-D",
                        dataDir.toString(),
                        "-p",
                        Integer.toString(port),
                        "-c",
                        "listen_addresses=127.0.0.1",
                        // TCP on loopback only: no socket file to place where the server user can
                        // write.
                        "-c",
                        "unix_socket_directories=",
                        "-c",
                        "max_connections=100",
                        // A row's commit time (pg_xact_commit_timestamp(xmin)): when a drill's
                        // first row after a failure became visible, exactly.
                        "-c",
                        "track_commit_timestamp=on"));
        try {
            PostmasterLock.clearIfStale(dataDir);
        } catch (IOException e) {
            throw new StackException(
                    "cannot remove the stale lock file in " + dataDir + ": " + e, e);
        }
        awaitAccepting(process.start(command, Map.of(), dataDir));
        migrate(DATABASE, Passwords.SET);
    }

    /**
     * The end of {@link #start}, again for a server already running, which an {@code up} killed
     * before its migration left without its database or roles: waits until it accepts the owner,
     * then migrates. It sets only a password a role lacks: the running job, dashboards and exporter
     * log in with the others, and an {@code up} from a shell without the passwords' variables would
     * have replaced them with new ones (found by review, 2026-12-06).
     */
    public void completeStart() {
        awaitAccepting(
                process.running()
                        .orElseThrow(() -> new StackException("PostgreSQL is not running")));
        migrate(DATABASE, Passwords.ONLY_MISSING);
    }

    private void awaitAccepting(ProcessHandle server) {
        Wait.until("PostgreSQL", START_TIMEOUT, process.logFile(), server, this::acceptsOwner);
    }

    /** Which roles' passwords a migration sets from {@link #password}. */
    private enum Passwords {
        SET,
        ONLY_MISSING
    }

    /**
     * Whether the read-only role can log in and query: what Grafana and {@code herdpulse psql}
     * need.
     */
    public boolean isHealthy() {
        try {
            return readerQuery("SELECT count(*) FROM herdpulse.farm_health_stats");
        } catch (SQLException notYet) {
            return false;
        }
    }

    /**
     * Whether the server answers at all, within seconds: the supervisor's look, each second, so
     * without touching a table. A refusal is an answer too (too many connections, a wrong password,
     * recovery under way): only a connection that fails or stays silent is none.
     */
    public boolean answers() {
        try {
            return readerQuery("SELECT 1");
        } catch (SQLException refused) {
            return isAnswer(refused);
        }
    }

    /** Whether the server sent this error, rather than the connection failing or timing out. */
    static boolean isAnswer(SQLException error) {
        String state = error.getSQLState();
        return state != null && !state.startsWith(CONNECTION_EXCEPTION);
    }

    private boolean readerQuery(String sql) throws SQLException {
        if (!Ports.isListening(port)) {
            throw new SQLException("not listening on " + port, CONNECTION_EXCEPTION + "001");
        }
        try (Connection reader =
                        DriverManager.getConnection(
                                jdbcUrl(),
                                ConnectionTimeouts.LOOK.login(
                                        Role.READER.roleName(), password(Role.READER)));
                Statement query = reader.createStatement()) {
            query.setQueryTimeout(5);
            return query.executeQuery(sql).next();
        }
    }

    public Optional<ProcessHandle> running() {
        return process.running();
    }

    /**
     * SIGINT is PostgreSQL's "fast" shutdown: clients are disconnected, the data is flushed
     * cleanly.
     */
    public void stop() {
        process.stop(Signal.INT, STOP_GRACE);
    }

    /** start()'s look, repeated until its deadline, which it reads only between looks. */
    boolean acceptsOwner() {
        if (!Ports.isListening(port)) {
            return false;
        }
        try (Connection owner = ownerConnection("postgres", ConnectionTimeouts.LOOK)) {
            return owner.isValid(5);
        } catch (SQLException notYet) {
            return false;
        }
    }

    private void migrate(String database, Passwords which) {
        try (Connection owner = ownerConnection("postgres");
                PreparedStatement exists =
                        owner.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet found = exists.executeQuery()) {
                if (!found.next()) {
                    owner.createStatement().execute("CREATE DATABASE " + database);
                }
            }
            // The cluster is the stack's own: what V3 takes from PUBLIC in each HerdPulse database
            // (large objects, temporary tables) it may not do in the others either, the template
            // one's large objects being copied into every database made after (found by review,
            // 2026-12-06).
            owner.createStatement()
                    .execute(
                            "REVOKE CONNECT, TEMPORARY ON DATABASE postgres, template1 FROM PUBLIC");
            // Flyway and setPasswords open connections of their own, from the URL.
            String url = ConnectionTimeouts.WORK.url(jdbcUrl(database));
            Migrations.apply(url, OWNER, ownerPassword());
            Map<Role, String> passwords = new EnumMap<>(Role.class);
            for (Role role : Role.values()) {
                passwords.put(role, password(role));
            }
            switch (which) {
                case SET -> Migrations.setPasswords(url, OWNER, ownerPassword(), passwords);
                case ONLY_MISSING ->
                        Migrations.setMissingPasswords(url, OWNER, ownerPassword(), passwords);
            }
        } catch (SQLException | RuntimeException e) {
            throw new StackException(
                    "cannot migrate the database " + database + ": " + e.getMessage(), e);
        }
    }

    /**
     * A connection as the cluster's owner (migrations, the drills' own databases), with the times
     * for {@linkplain ConnectionTimeouts#WORK work}; the caller closes it.
     */
    public Connection ownerConnection(String database) throws SQLException {
        return ownerConnection(database, ConnectionTimeouts.WORK);
    }

    private Connection ownerConnection(String database, ConnectionTimeouts timeouts)
            throws SQLException {
        return DriverManager.getConnection(
                jdbcUrl(database), timeouts.login(OWNER, ownerPassword()));
    }

    private String ownerPassword() {
        return secrets.password("owner", "HERDPULSE_DB_OWNER_PASSWORD");
    }

    /**
     * Initialises the cluster in a directory of its own, renamed to the data directory once initdb
     * succeeded: initdb writes PG_VERSION first, so one killed half-way (at its time limit, by the
     * OOM killer, a power cut) left a data directory that looked initialised, never started, and
     * was never initialised again (found by review, 2026-12-05). What such a run leaves now is
     * removed before the next one.
     */
    private void initdb(Path bin, boolean asRoot) {
        Path fresh = dataDir.resolveSibling(NAME + ".initdb");
        Path passwordFile = home.conf(NAME).resolve("initdb.pw");
        try {
            Stack.deleteRecursively(fresh);
            Files.createDirectories(fresh);
            Files.deleteIfExists(passwordFile);
            Files.createFile(
                    passwordFile,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passwordFile, ownerPassword() + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(fresh, PosixFilePermissions.fromString("rwx------"));
            if (asRoot) {
                handOverToSystemUser(fresh, passwordFile);
            }
            List<String> command = new ArrayList<>(runAs(asRoot));
            // Killed with up, not left writing into the directory the next up deletes and
            // initialises again (found by review, 2026-12-06).
            command.addAll(
                    DiesWithParent.command(
                            List.of(
                                    bin.resolve("initdb").toString(),
                                    "-D",
                                    fresh.toString(),
                                    "-U",
                                    OWNER,
                                    "--pwfile=" + passwordFile,
                                    "--auth=scram-sha-256",
                                    "--encoding=UTF8",
                                    "--locale=C")));
            Process initdb =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(
                                    ProcessBuilder.Redirect.appendTo(process.logFile().toFile()))
                            .start();
            try {
                if (!initdb.waitFor(120, TimeUnit.SECONDS) || initdb.exitValue() != 0) {
                    throw new StackException(
                            "initdb failed for " + dataDir + "; see " + process.logFile());
                }
            } finally {
                // Interrupted (a SIGTERM to up) or out of time, it must not write on.
                initdb.destroyForcibly();
            }
            // The data directory is empty here: StackHome made it, and it holds no PG_VERSION.
            Files.deleteIfExists(dataDir);
            Files.move(fresh, dataDir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StackException("cannot initialise PostgreSQL in " + dataDir + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while initialising PostgreSQL", e);
        } finally {
            try {
                Files.deleteIfExists(passwordFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void handOverToSystemUser(Path directory, Path passwordFile)
            throws IOException, InterruptedException {
        UserPrincipalLookupService users =
                directory.getFileSystem().getUserPrincipalLookupService();
        try {
            Files.setOwner(directory, users.lookupPrincipalByName(SYSTEM_USER));
            Files.setOwner(passwordFile, users.lookupPrincipalByName(SYSTEM_USER));
        } catch (IOException noSuchUser) {
            throw new StackException(
                    "PostgreSQL does not run as root and there is no '"
                            + SYSTEM_USER
                            + "' user to run it as; run herdpulse as a non-root user");
        }
        List<String> probe = new ArrayList<>(runAs(true));
        probe.addAll(
                List.of("test", "-w", directory.toString(), "-a", "-r", passwordFile.toString()));
        if (new ProcessBuilder(probe).start().waitFor() != 0) {
            throw new StackException(
                    "PostgreSQL does not run as root, and user '"
                            + SYSTEM_USER
                            + "' cannot reach "
                            + directory
                            + ": set HERDPULSE_HOME to a directory every user can traverse"
                            + " (e.g. /var/tmp/herdpulse) or run as a non-root user");
        }
    }

    static List<String> runAs(boolean asRoot) {
        return asRoot
                ? List.of(
                        "setpriv",
                        "--reuid=" + SYSTEM_USER,
                        "--regid=" + SYSTEM_USER,
                        "--init-groups",
                        "--reset-env")
                : List.of();
    }

    /**
     * {@code $HERDPULSE_PG_BINDIR}, else the server of the cluster's own version under
     * /usr/lib/postgresql (Debian's layout), the newest for a cluster not made yet.
     */
    private Path binaries() {
        String configured = System.getenv("HERDPULSE_PG_BINDIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return ServerBinaries.forCluster(Path.of("/usr/lib/postgresql"), dataDir);
    }
}
