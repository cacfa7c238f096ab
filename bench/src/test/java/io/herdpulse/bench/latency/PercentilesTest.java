package io.herdpulse.bench.latency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfAShuffledHundred() {
        List<Long> latencies = new ArrayList<>(LongStream.rangeClosed(1, 100).boxed().toList());
        Collections.shuffle(latencies, new java.util.Random(7));

        assertThat(Percentiles.of(latencies)).isEqualTo(new Percentiles(100, 50, 95, 99, 100));
    }

    @Test
    void oneSampleIsEveryPercentile() {
        assertThat(Percentiles.of(List.of(42L))).isEqualTo(new Percentiles(1, 42, 42, 42, 42));
    }
}
