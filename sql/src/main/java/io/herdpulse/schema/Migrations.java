package io.herdpulse.schema;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.PGConnection;

/**
 * Applies the HerdPulse migrations and sets the roles' passwords.
 *
 * <p>Run once at set-up by the database owner; at run time nothing connects as a superuser.
 */
public final class Migrations {
    public static final String SCHEMA = "herdpulse";
    private static final String LOCATION = "classpath:db/herdpulse";

    private Migrations() {}

    public static MigrateResult apply(String jdbcUrl, String ownerUser, String ownerPassword) {
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(jdbcUrl, ownerUser, ownerPassword)
                .schemas(SCHEMA)
                .locations(LOCATION)
                .load()
                .migrate();
    }

    /**
     * Sets each role's password. Passwords never go through a migration, so they are not kept in
     * Flyway's history.
     */
    public static void setPasswords(
            String jdbcUrl, String ownerUser, String ownerPassword, Map<Role, String> passwords)
            throws SQLException {
        try (Connection owner = DriverManager.getConnection(jdbcUrl, ownerUser, ownerPassword)) {
            setPasswords(owner, passwords);
        }
    }

    /**
     * The driver hashes each password (as the server's password_encryption says, SCRAM by default)
     * and sends only the hash: an ALTER ROLE with the password as text showed it in
     * pg_stat_activity, which the exporter's role reads, and in the server's log wherever
     * log_statement is ddl (found by review, 2026-12-06).
     */
    static void setPasswords(Connection owner, Map<Role, String> passwords) throws SQLException {
        PGConnection driver = owner.unwrap(PGConnection.class);
        for (Map.Entry<Role, String> entry : passwords.entrySet()) {
            driver.alterUserPassword(
                    entry.getKey().roleName(), entry.getValue().toCharArray(), null);
        }
    }
}
