package io.herdpulse.stack.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.herdpulse.schema.Migrations;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The times reach pgjdbc both ways the stack hands them over: as properties and in a URL. */
class ConnectionTimeoutsTest {
    /** Longer than a login is given, far shorter than for ever. */
    private static final Duration BOUND = Duration.ofSeconds(20);

    @Test
    void aLoginWithTheTimesGivesUpOnAServerThatSaysNothingWithinSeconds() throws Exception {
        assertThat(
                        failureAgainstASilentServer(
                                url ->
                                        DriverManager.getConnection(
                                                url,
                                                ConnectionTimeouts.LOOK.login(
                                                        "herdpulse_reader", "any"))))
                .isInstanceOf(SQLException.class);
    }

    @Test
    void flywayGivenTheUrlWithTheTimesGivesUpOnAServerThatSaysNothingWithinSeconds()
            throws Exception {
        assertThat(
                        failureAgainstASilentServer(
                                url ->
                                        Migrations.apply(
                                                ConnectionTimeouts.WORK.url(url),
                                                PostgresServer.OWNER,
                                                "any")))
                .isNotNull();
    }

    @Test
    void theTimesGoAfterTheParametersAUrlAlreadyHas() {
        assertThat(ConnectionTimeouts.WORK.url("jdbc:postgresql://127.0.0.1:5/db?ssl=false"))
                .startsWith("jdbc:postgresql://127.0.0.1:5/db?ssl=false&connectTimeout=5&")
                .endsWith("&socketTimeout=1800");
    }

    private interface Connecting {
        void to(String url) throws Exception;
    }

    /**
     * What {@code connecting} throws, within {@link #BOUND}, given the URL of a server that accepts
     * and never answers.
     */
    private static Throwable failureAgainstASilentServer(Connecting connecting) throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/herdpulse";
            return assertTimeoutPreemptively(BOUND, () -> catchThrowable(() -> connecting.to(url)));
        }
    }
}
