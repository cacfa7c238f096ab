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
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Throwable failure =
                    assertTimeoutPreemptively(
                            BOUND,
                            () ->
                                    catchThrowable(
                                            () ->
                                                    DriverManager.getConnection(
                                                            urlOf(silent),
                                                            ConnectionTimeouts.LOOK.login(
                                                                    "herdpulse_reader", "any"))));

            assertThat(failure).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void flywayGivenTheUrlWithTheTimesGivesUpOnAServerThatSaysNothingWithinSeconds()
            throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = ConnectionTimeouts.WORK.url(urlOf(silent));

            Throwable failure =
                    assertTimeoutPreemptively(
                            BOUND,
                            () ->
                                    catchThrowable(
                                            () ->
                                                    Migrations.apply(
                                                            url, PostgresServer.OWNER, "any")));

            assertThat(failure).isNotNull();
        }
    }

    @Test
    void theTimesGoAfterTheParametersAUrlAlreadyHas() {
        assertThat(ConnectionTimeouts.WORK.url("jdbc:postgresql://127.0.0.1:5/db?ssl=false"))
                .startsWith("jdbc:postgresql://127.0.0.1:5/db?ssl=false&connectTimeout=5&")
                .endsWith("&socketTimeout=1800");
    }

    private static String urlOf(ServerSocket silent) {
        return "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/herdpulse";
    }
}
