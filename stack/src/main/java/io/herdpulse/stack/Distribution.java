package io.herdpulse.stack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the build put what the stack runs. Flink has no flink-dist on Maven Central and Kafka none
 * either, so the build assembles them in the checkout: dist/flink (a Flink lib/), dist/kafka (the
 * broker's classpath and the JMX exporter agent), and the shaded job and producer jars.
 */
public record Distribution(Path root) {

    /**
     * The checkout: {@code -Dherdpulse.root} (set by bin/herdpulse), else the nearest parent
     * holding dist/.
     */
    public static Distribution locate() {
        String configured = System.getProperty("herdpulse.root");
        if (configured != null) {
            return new Distribution(Path.of(configured).toAbsolutePath().normalize());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("dist/kafka/pom.xml"))) {
                return new Distribution(dir);
            }
        }
        throw new StackException(
                "cannot find the HerdPulse checkout (no dist/kafka/pom.xml above the current directory)");
    }

    public Path flinkLib() {
        return root.resolve("dist/flink/target/lib");
    }

    public Path kafkaLibs() {
        return root.resolve("dist/kafka/target/libs");
    }

    public Path jmxExporterAgent() {
        return root.resolve("dist/kafka/target/agent/jmx_prometheus_javaagent.jar");
    }

    public Path jobJar() {
        return root.resolve("job/target/herdpulse-job.jar");
    }

    public Path stackJar() {
        return root.resolve("stack/target/herdpulse-stack.jar");
    }

    public Path producerJar() {
        return root.resolve("producer/target/herdpulse-producer.jar");
    }

    public Path benchJar() {
        return root.resolve("bench/target/herdpulse-bench.jar");
    }

    public Path monitoring() {
        return root.resolve("monitoring");
    }

    /** The JVM that runs this code runs every Java component too, so they all get the same JDK. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The classpath of the jars the build copied into {@code dir}, as its {@code
     * dependency:build-classpath} listed them beside it ({@code dir.classpath}): not {@code dir/*},
     * for copy-dependencies never removes a jar an earlier build copied, so after a version changed
     * the directory held both and the wildcard ran whichever came first (found by review,
     * 2026-12-06).
     */
    public static String classpathOf(Path dir) {
        Path listed = dir.resolveSibling(dir.getFileName() + ".classpath");
        String names;
        try {
            names = Files.readString(require(listed), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + listed, e);
        }
        List<String> jars = new ArrayList<>();
        for (String name : names.split(":")) {
            jars.add(require(dir.resolveSibling(name)).toString());
        }
        return String.join(File.pathSeparator, jars);
    }

    public static Path require(Path file) {
        if (!Files.exists(file)) {
            throw new StackException(
                    file + " is missing: build first (mvn -B -DskipTests package)");
        }
        return file;
    }
}
