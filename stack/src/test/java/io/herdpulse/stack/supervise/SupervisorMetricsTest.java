package io.herdpulse.stack.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.herdpulse.stack.process.Http;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The space left on the stack's disk, as {@code df} reads it, at every scrape. */
class SupervisorMetricsTest {
    /** Other processes write to the same disk between the scrape and {@code df}. */
    private static final long WRITTEN_MEANWHILE = 256L << 20;

    @TempDir Path home;

    @Test
    void reportsTheSizeAndTheSpaceLeftOfTheDiskOfItsHomeAsDfDoes() throws Exception {
        try (SupervisorMetrics metrics = new SupervisorMetrics(0, home)) {
            String scraped = scrape(metrics);
            long[] df = df(home);

            assertThat(sample(scraped, "herdpulse_stack_disk_size_bytes")).isEqualTo(df[0]);
            assertThat(sample(scraped, "herdpulse_stack_disk_free_bytes"))
                    .isCloseTo(df[1], within(WRITTEN_MEANWHILE));
        }
    }

    @Test
    void aDiskThatCannotBeReadIsLeftOutNotReportedFull() {
        try (SupervisorMetrics metrics = new SupervisorMetrics(0, home.resolve("gone"))) {
            assertThat(scrape(metrics))
                    .contains("herdpulse_stack_restarts_total")
                    .doesNotContain("herdpulse_stack_disk_free_bytes{")
                    .doesNotContain("herdpulse_stack_disk_size_bytes{");
        }
    }

    private static String scrape(SupervisorMetrics metrics) {
        metrics.watch("broker");
        return Http.get("http://127.0.0.1:" + metrics.port() + "/metrics").orElseThrow();
    }

    private long sample(String scraped, String name) {
        Matcher sample =
                Pattern.compile(Pattern.quote(name + "{path=\"" + home + "\"} ") + "(\\S+)")
                        .matcher(scraped);
        assertThat(sample.find()).as(name + " in\n" + scraped).isTrue();
        return (long) Double.parseDouble(sample.group(1));
    }

    /**
     * Size and space available in bytes, read by coreutils' df, independent of Java's FileStore.
     */
    private static long[] df(Path path) throws IOException, InterruptedException {
        Process df =
                new ProcessBuilder(List.of("df", "-B1", "--output=size,avail", path.toString()))
                        .redirectErrorStream(true)
                        .start();
        String out = new String(df.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(df.waitFor()).as(out).isZero();
        String[] values =
                out.strip()
                        .lines()
                        .reduce((header, last) -> last)
                        .orElseThrow()
                        .trim()
                        .split("\\s+");
        return new long[] {Long.parseLong(values[0]), Long.parseLong(values[1])};
    }
}
