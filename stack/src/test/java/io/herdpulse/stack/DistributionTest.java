package io.herdpulse.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistributionTest {

    /**
     * copy-dependencies never removes what an earlier build copied: after a version changed, lib/
     * held both jars, and the wildcard classpath ran whichever came first.
     */
    @Test
    void aClasspathHoldsTheJarsTheBuildListedNotOnesAnEarlierBuildLeft(@TempDir Path target)
            throws IOException {
        Path lib = Files.createDirectories(target.resolve("lib"));
        for (String jar :
                new String[] {"kafka-clients-4.0.0.jar", "kafka-clients-4.4.0.jar", "zstd.jar"}) {
            Files.createFile(lib.resolve(jar));
        }
        Files.writeString(
                target.resolve("lib.classpath"), "lib/kafka-clients-4.4.0.jar:lib/zstd.jar\n");

        assertThat(Distribution.classpathOf(lib))
                .isEqualTo(
                        lib.resolve("kafka-clients-4.4.0.jar")
                                + File.pathSeparator
                                + lib.resolve("zstd.jar"));
    }

    @Test
    void aJarTheBuildListedButDidNotCopySaysToBuildFirst(@TempDir Path target) throws IOException {
        Path lib = Files.createDirectories(target.resolve("lib"));
        Files.writeString(target.resolve("lib.classpath"), "lib/kafka-clients-4.4.0.jar");

        assertThatThrownBy(() -> Distribution.classpathOf(lib))
                .isInstanceOf(StackException.class)
                .hasMessage(
                        lib.resolve("kafka-clients-4.4.0.jar")
                                + " is missing: build first (mvn -B -DskipTests package)");
    }

    /** A checkout built before the list existed has none: it is built again, not run on lib/*. */
    @Test
    void aDirectoryWithoutItsListSaysToBuildFirst(@TempDir Path target) throws IOException {
        Path lib = Files.createDirectories(target.resolve("lib"));
        Files.createFile(lib.resolve("kafka-clients-4.0.0.jar"));

        assertThatThrownBy(() -> Distribution.classpathOf(lib))
                .isInstanceOf(StackException.class)
                .hasMessage(
                        target.resolve("lib.classpath")
                                + " is missing: build first (mvn -B -DskipTests package)");
    }
}
