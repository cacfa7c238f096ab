package io.herdpulse.schema;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
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
     * Sets the password of each role that has none, and leaves the others: what a start cut short
     * before {@link #setPasswords} left, without changing a password something running logs in
     * with. Reads {@code pg_authid}, which only a superuser may.
     */
    public static void setMissingPasswords(
            String jdbcUrl, String ownerUser, String ownerPassword, Map<Role, String> passwords)
            throws SQLException {
        try (Connection owner = DriverManager.getConnection(jdbcUrl, ownerUser, ownerPassword);
                PreparedStatement hasNone =
                        owner.prepareStatement(
                                "SELECT rolpassword IS NULL FROM pg_authid WHERE rolname = ?")) {
            Map<Role, String> missing = new EnumMap<>(Role.class);
            for (Map.Entry<Role, String> entry : passwords.entrySet()) {
                hasNone.setString(1, entry.getKey().roleName());
                try (ResultSet role = hasNone.executeQuery()) {
                    if (role.next() && role.getBoolean(1)) {
                        missing.put(entry.getKey(), entry.getValue());
                    }
                }
            }
            setPasswords(owner, missing);
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
