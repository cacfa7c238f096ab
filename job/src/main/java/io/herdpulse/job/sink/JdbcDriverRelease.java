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

    /**
     * Registers the release once per class loader; every writer of the job may call it. Not when
     * the job's classes are the JVM's own (a MiniCluster, or the jar in Flink's lib/): Flink then
     * releases nothing, and their drivers serve whatever else runs in that JVM.
     */
    static void onRelease(UserCodeClassLoader loader) {
        ClassLoader own = JdbcDriverRelease.class.getClassLoader();
        if (!jvmWide(own)) {
            loader.registerReleaseHookIfAbsent(HOOK, () -> deregisterDriversOf(own));
        }
    }

    /** Whether {@code loader} is the JVM's application class loader or one of its parents. */
    static boolean jvmWide(ClassLoader loader) {
        for (ClassLoader jvm = ClassLoader.getSystemClassLoader();
                jvm != null;
                jvm = jvm.getParent()) {
            if (jvm == loader) {
                return true;
            }
        }
        return loader == null;
    }

    /** Deregisters the drivers whose classes {@code loader} loaded. */
    static void deregisterDriversOf(ClassLoader loader) {
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == loader) {
                try {
                    DriverManager.deregisterDriver(driver);
                } catch (SQLException e) {
                    LOG.warn("cannot deregister JDBC driver {}", driver.getClass().getName(), e);
                }
            }
        }
    }
}
