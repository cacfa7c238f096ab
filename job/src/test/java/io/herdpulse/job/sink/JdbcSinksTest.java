package io.herdpulse.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.job.config.DatabaseSettings;
import java.io.File;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/**
 * The sinks are shipped as recipes: a JVM that only deserializes them and asks them for their
 * serializers, as the JobManager does with every operator, loads no JDBC driver of the job's jar
 * into DriverManager, which would keep the job's classes for the JVM's life.
 */
class JdbcSinksTest {
    private static final String DRIVER = "org.postgresql.Driver";

    @Test
    void deserializingTheSinksAndAskingTheirSerializersLoadsNoJdbcDriverInTheJobsClassLoader()
            throws Exception {
        // A driver DriverManager already holds is what it loads again through a caller's class
        // loader (DriverManager.isDriverAllowed), so one must be registered for this to fail.
        DriverManager.registerDriver(new org.postgresql.Driver());
        Sinks sinks =
                JdbcSinks.create(
                        new DatabaseSettings(
                                "jdbc:postgresql://127.0.0.1:5432/herdpulse",
                                "herdpulse_writer",
                                "secret",
                                500,
                                Duration.ofMillis(200),
                                Duration.ofMillis(100),
                                3));
        try (JobClassLoader job = new JobClassLoader()) {
            for (Sink<?> sink :
                    List.of(
                            sinks.animalStats(),
                            sinks.farmStats(),
                            sinks.healthAlerts(),
                            sinks.rejected())) {
                Object shipped =
                        InstantiationUtil.deserializeObject(
                                InstantiationUtil.serializeObject(sink), job);

                assertThat(shipped.getClass().getClassLoader()).isSameAs(job);
                for (String serializer :
                        List.of("getWriterStateSerializer", "getCommittableSerializer")) {
                    Method method = shipped.getClass().getMethod(serializer);
                    method.setAccessible(true); // a class of the test's package, in another loader
                    assertThat(method.invoke(shipped)).isNotNull();
                }
            }

            assertThat(job.loaded(DRIVER)).isFalse();
        }
    }

    /** The test's classpath, loaded anew beside the JVM's own classes, as Flink loads a job jar. */
    private static final class JobClassLoader extends URLClassLoader {
        JobClassLoader() {
            super(classpath(), ClassLoader.getPlatformClassLoader());
        }

        boolean loaded(String name) {
            return findLoadedClass(name) != null;
        }

        private static URL[] classpath() {
            return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .map(entry -> toUrl(Path.of(entry)))
                    .toArray(URL[]::new);
        }

        private static URL toUrl(Path entry) {
            try {
                return entry.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(entry.toString(), e);
            }
        }
    }
}
