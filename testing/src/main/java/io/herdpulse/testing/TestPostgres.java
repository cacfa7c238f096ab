package io.herdpulse.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * One real PostgreSQL server per test JVM, shared by the test classes, each of which takes a
 * database of its own with {@link #newDatabase(String)}.
 *
 * <p>Testcontainers' PostgreSQL where a Docker engine answers, as the design card names it;
 * embedded PostgreSQL binaries from Maven Central otherwise, so the suite runs on machines without
 * Docker too. Both are the real server; nothing is mocked.
 */
public final class TestPostgres {
    private static final String IMAGE = "postgres:16-alpine";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static TestPostgres instance;

    private final String host;
    private final int port;
    private final String adminUser;
    private final String adminPassword;

    private TestPostgres(String host, int port, String adminUser, String adminPassword) {
        this.host = host;
        this.port = port;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
    }

    /** The shared server, started on first use and stopped when the test JVM exits. */
    public static synchronized TestPostgres get() {
        if (instance == null) {
            instance =
                    DockerClientFactory.instance().isDockerAvailable() ? container() : embedded();
        }
        return instance;
    }

    private static TestPostgres container() {
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>(IMAGE);
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        return new TestPostgres(
                container.getHost(),
                container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT),
                container.getUsername(),
                container.getPassword());
    }

    private static TestPostgres embedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(
                                    () -> {
                                        try {
                                            postgres.close();
                                        } catch (IOException ignored) {
                                            // the JVM is exiting; the data directory is temporary
                                        }
                                    }));
            return new TestPostgres("127.0.0.1", postgres.getPort(), "postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    /** Creates an empty database owned by the admin user and returns its name. */
    public String newDatabase(String prefix) {
        String name =
                (prefix + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet())
                        .toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9_]", "_");
        try (Connection admin = connect("postgres");
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), adminUser, adminPassword);
    }

    public Connection connect(String database, String user, String password) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String adminUser() {
        return adminUser;
    }

    public String adminPassword() {
        return adminPassword;
    }
}
