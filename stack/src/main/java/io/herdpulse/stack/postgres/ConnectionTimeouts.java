package io.herdpulse.stack.postgres;

import java.time.Duration;
import java.util.Properties;

/**
 * How long the stack waits for its own PostgreSQL on a connection it opens, in pgjdbc's terms, the
 * only place these times are set. pgjdbc waits for ever by default on a server that accepted the
 * connection and then says nothing (a postmaster stopped with SIGSTOP, frozen): start() looked at
 * such a server for ever, its deadline read only between looks, and held the stack's lock, so
 * {@code down} and {@code up} hung behind it (found by review, 2026-12-06).
 *
 * @param connect to open the TCP connection ({@code connectTimeout})
 * @param login to connect and log in, all of it ({@code loginTimeout})
 * @param socket for any one answer on the connection ({@code socketTimeout}), a query's too
 */
public record ConnectionTimeouts(Duration connect, Duration login, Duration socket) {
    /** To reach a server on loopback: at once, or refused at once; seconds for a full queue. */
    private static final Duration CONNECT = Duration.ofSeconds(5);

    /** To log in: milliseconds for a server that works, whatever it is doing. */
    private static final Duration LOGIN = Duration.ofSeconds(5);

    /**
     * Looks (start()'s, the supervisor's, {@code status}, a drill's polls): a server that works
     * answers them within milliseconds, and the supervisor counts 60 s of silence as hung, so a
     * look at a silent server ends well within that minute.
     */
    public static final ConnectionTimeouts LOOK =
            new ConnectionTimeouts(CONNECT, LOGIN, Duration.ofSeconds(10));

    /**
     * Work as the owner (migrations, CREATE and DROP DATABASE, a drill's indexes): one statement
     * may take long, a migration rewriting or indexing a table of a year's readings minutes. Half
     * an hour leaves room for that on a slow disk and still lets go of the stack's lock, on a
     * frozen server, within the hour.
     */
    public static final ConnectionTimeouts WORK =
            new ConnectionTimeouts(CONNECT, LOGIN, Duration.ofMinutes(30));

    /** A login as {@code user} with these times, for {@code DriverManager.getConnection}. */
    public Properties login(String user, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", seconds(connect));
        properties.setProperty("loginTimeout", seconds(login));
        properties.setProperty("socketTimeout", seconds(socket));
        return properties;
    }

    /** {@code jdbcUrl} with these times, for what takes a URL rather than properties (Flyway). */
    public String url(String jdbcUrl) {
        return jdbcUrl
                + (jdbcUrl.contains("?") ? "&" : "?")
                + "connectTimeout="
                + seconds(connect)
                + "&loginTimeout="
                + seconds(login)
                + "&socketTimeout="
                + seconds(socket);
    }

    /** pgjdbc takes each in whole seconds. */
    private static String seconds(Duration timeout) {
        return Long.toString(timeout.toSeconds());
    }
}
