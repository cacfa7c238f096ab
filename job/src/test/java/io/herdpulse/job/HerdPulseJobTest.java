package io.herdpulse.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.job.config.JobCommandLine;
import io.herdpulse.job.config.JobConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class HerdPulseJobTest {

    private static StreamExecutionEnvironment configured(String... args) {
        JobConfig config =
                JobCommandLine.parse(
                                Map.of(JobCommandLine.PASSWORD_ENV, "unused"),
                                new PrintWriter(new StringWriter()),
                                new PrintWriter(new StringWriter()),
                                status -> {},
                                args)
                        .orElseThrow();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        HerdPulseJob.configure(env, config);
        return env;
    }

    @Test
    void emitsWatermarksEveryWatermarkInterval() {
        assertThat(configured().getConfig().getAutoWatermarkInterval()).isEqualTo(50);
        assertThat(
                        configured("--watermark-interval=PT0.35S")
                                .getConfig()
                                .getAutoWatermarkInterval())
                .isEqualTo(350);
    }
}
