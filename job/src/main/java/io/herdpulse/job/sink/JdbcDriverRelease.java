package io.herdpulse.job.sink;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import org.apache.flink.util.UserCodeClassLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the JDBC drivers of the job's jar back when Flink releases the job's class loader. The
 * PostgreSQL driver registers itself with {@link DriverManager} when its class is loaded, and
 * DriverManager, loaded once for the whole JVM, then holds that driver, its class loader and every
 * class of the job for the TaskManager's life: each job run on a TaskManager kept its ~6,000
 * classes, and after about sixteen (a benchmark's rounds) the TaskManager died of {@code
 * OutOfMemoryError: Metaspace}.
 */
final class JdbcDriverRelease {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcDriverRelease.class);
    private static final String HOOK = "herdpulse: deregister JDBC drivers";

    private JdbcDriverRelease() {}

    /** Registers the release once per class loader; every writer of the job may call it. */
    static void onRelease(UserCodeClassLoader loader) {
        loader.registerReleaseHookIfAbsent(HOOK, JdbcDriverRelease::deregisterOwnDrivers);
    }

    /** Deregisters the drivers loaded by the class loader that loaded this class: the job's. */
    static void deregisterOwnDrivers() {
        ClassLoader own = JdbcDriverRelease.class.getClassLoader();
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == own) {
                try {
                    DriverManager.deregisterDriver(driver);
                } catch (SQLException e) {
                    LOG.warn("cannot deregister JDBC driver {}", driver.getClass().getName(), e);
                }
            }
        }
    }
}
