package io.herdpulse.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Driver;
import java.sql.DriverManager;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The release hands back the drivers the job's own class loader registered, so DriverManager no
 * longer holds that class loader once Flink releases it.
 */
class JdbcDriverReleaseTest {

    @AfterEach
    void registerThePostgresDriverAgain() throws Exception {
        if (postgresDrivers().isEmpty()) {
            DriverManager.registerDriver(new org.postgresql.Driver());
        }
    }

    @Test
    void theDriversLoadedWithTheJobsClassesAreDeregistered() throws Exception {
        Class.forName("org.postgresql.Driver");
        assertThat(postgresDrivers()).hasSize(1);

        JdbcDriverRelease.deregisterOwnDrivers();

        assertThat(postgresDrivers()).isEmpty();
    }

    private static List<Driver> postgresDrivers() {
        return Collections.list(DriverManager.getDrivers()).stream()
                .filter(driver -> driver instanceof org.postgresql.Driver)
                .toList();
    }
}
