package io.herdpulse.job.jar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The job jar as {@code flink run} ships it to every TaskManager. */
class JobJarIT {
    private static final Path JAR = Path.of("target", "herdpulse-job.jar");
    private static final Pattern NATIVE_LIBRARY = Pattern.compile(".*\\.(so|dll|dylib|jnilib)$");

    @Test
    void readsBatchesOfEveryKafkaCompressionCodecWithNothingButTheJar() throws Exception {
        Path javaHome = Path.of(System.getProperty("java.home"));
        // The jar leaves logging to the cluster: Flink's lib/ brings SLF4J.
        String slf4j =
                Path.of(
                                LoggerFactory.class
                                        .getProtectionDomain()
                                        .getCodeSource()
                                        .getLocation()
                                        .toURI())
                        .toString();
        Process run =
                new ProcessBuilder(
                                javaHome.resolve("bin/java").toString(),
                                "-cp",
                                String.join(
                                        ":",
                                        JAR.toString(),
                                        slf4j,
                                        Path.of("target", "test-classes").toString()),
                                CodecRoundTrip.class.getName())
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(1, TimeUnit.MINUTES)).isTrue();

        assertThat(run.exitValue()).as(output).isZero();
        assertThat(output.lines())
                .containsExactly("none 2", "gzip 2", "snappy 2", "lz4 2", "zstd 2");
    }

    @Test
    void carriesNativeLibrariesOnlyForThePlatformsFlinkRunsOn() throws IOException {
        Set<String> platforms;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            platforms =
                    jar.stream()
                            .map(entry -> entry.getName())
                            .filter(name -> NATIVE_LIBRARY.matcher(name).matches())
                            .map(JobJarIT::platformOf)
                            .collect(Collectors.toSet());
        }

        assertThat(platforms)
                .containsExactlyInAnyOrder(
                        "linux/amd64", "linux/aarch64", "darwin/x86_64", "darwin/aarch64");
    }

    /** zstd-jni, snappy-java and lz4-java each name operating systems and CPUs their own way. */
    private static String platformOf(String library) {
        List<String> parts = Arrays.asList(library.toLowerCase().split("/"));
        String os = parts.get(parts.size() - 3);
        String cpu = parts.get(parts.size() - 2);
        return switch (os) {
                    case "mac" -> "darwin";
                    default -> os;
                }
                + "/"
                + switch (cpu) {
                    case "x86_64" -> os.equals("linux") ? "amd64" : "x86_64";
                    default -> cpu;
                };
    }
}
