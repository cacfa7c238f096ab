package io.herdpulse.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class HerdPulseJobTest {

    private static StreamExecutionEnvironment configured(String... options) {
        return JobOperators.configured(JobOperators.config(options));
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
