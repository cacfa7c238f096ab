package io.herdpulse.schema;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

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
            for (Map.Entry<Role, String> entry : passwords.entrySet()) {
                // DDL takes no bind parameters: let the server quote the password with format(%L).
                try (PreparedStatement quote =
                        owner.prepareStatement(
                                "SELECT format('ALTER ROLE %I PASSWORD %L', ?, ?)")) {
                    quote.setString(1, entry.getKey().roleName());
                    quote.setString(2, entry.getValue());
                    try (ResultSet sql = quote.executeQuery();
                            Statement alter = owner.createStatement()) {
                        sql.next();
                        alter.execute(sql.getString(1));
                    }
                }
            }
        }
    }
}
