package io.herdpulse.stack.postgres;

import java.util.Map;

/**
 * How the postgres exporter logs in to the stack's PostgreSQL on loopback, without TLS: the
 * environment it is started with. The connection URI in {@code DATA_SOURCE_NAME} names no password;
 * lib/pq takes it from {@code PGPASSWORD}, as it is.
 *
 * <p>Not in the URI: prometheus-postgres-exporter 0.11.1 rewrites its URI into libpq's {@code
 * key='value'} form and splits that at every space, so a password holding one, however the URI
 * encodes it, stopped the exporter at start ("malformed dsn", exit 1); and encoded for a form, as
 * it was, a space became a {@code +}, which the exporter kept as one: it logged in with another
 * password and pg_up stayed 0. Either way the exporter never counted as healthy and every {@code
 * up} timed out.
 */
public final class ExporterLogin {
    private ExporterLogin() {}

    /**
     * @param user a role name: an identifier the stack chose, which a URI holds as it is
     */
    public static Map<String, String> environment(
            String user, String password, int port, String database) {
        return Map.of(
                "DATA_SOURCE_NAME",
                "postgresql://" + user + "@127.0.0.1:" + port + "/" + database + "?sslmode=disable",
                "PGPASSWORD",
                password);
    }
}
