package io.herdpulse.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Driver;
import java.sql.DriverManager;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The release hands back the drivers the job's own class loader registered, so DriverManager no
 * longer holds that class loader once Flink releases it; the JVM's own class loaders (a
 * MiniCluster's jobs) are never released.
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

        JdbcDriverRelease.deregisterDriversOf(org.postgresql.Driver.class.getClassLoader());

        assertThat(postgresDrivers()).isEmpty();
    }

    @Test
    void theJvmsOwnClassLoadersAreNeverReleasedButAJobJarsIs() throws Exception {
        assertThat(JdbcDriverRelease.jvmWide(ClassLoader.getSystemClassLoader())).isTrue();
        assertThat(JdbcDriverRelease.jvmWide(ClassLoader.getPlatformClassLoader())).isTrue();
        assertThat(JdbcDriverRelease.jvmWide(null)).isTrue();
        try (URLClassLoader jobJar =
                new URLClassLoader(new URL[0], ClassLoader.getSystemClassLoader())) {
            assertThat(JdbcDriverRelease.jvmWide(jobJar)).isFalse();
        }
    }

    private static List<Driver> postgresDrivers() {
        return Collections.list(DriverManager.getDrivers()).stream()
                .filter(driver -> driver instanceof org.postgresql.Driver)
                .toList();
    }
}
