package io.herdpulse.stack.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * What the supervisor counts as a PostgreSQL that does not answer, and replaces after a minute: a
 * connection that stays silent, never a refusal the server sends.
 */
class PostgresServerTest {
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

    @Test
    void aRefusalFromTheServerIsAnAnswer() {
        assertThat(PostgresServer.isAnswer(new SQLException("too many clients", "53300"))).isTrue();
        assertThat(PostgresServer.isAnswer(new SQLException("password failed", "28P01"))).isTrue();
        assertThat(PostgresServer.isAnswer(new SQLException("starting up", "57P03"))).isTrue();
        assertThat(PostgresServer.isAnswer(new SQLException("reset", "08006"))).isFalse();
        assertThat(PostgresServer.isAnswer(new SQLException("no state"))).isFalse();
    }
}
