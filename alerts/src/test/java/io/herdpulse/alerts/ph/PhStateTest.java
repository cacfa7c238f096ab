package io.herdpulse.alerts.ph;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PhStateTest {
    private static final long HOUR = Duration.ofHours(1).toMillis();

    /** Savepoints of earlier versions hold the hourly bucket alone in {@code hour}. */
    @Test
    void aStateOfAnEarlierVersionKeepsItsHourAndWasHeardForNoTime() {
        long bucket = Instant.parse("2026-12-06T10:40:00Z").toEpochMilli() / HOUR;
        PhState earlier = new PhState(bucket, new float[25], null, 0);

        assertThat(earlier.bucket()).isEqualTo(bucket);
        assertThat(earlier.heardSeconds()).isZero();
    }

    @Test
    void theTimeHeardLeaveTheHourAsItIsAndANewPhReadingClearsThem() {
        long bucket = Instant.parse("2026-12-06T10:40:00Z").toEpochMilli() / HOUR;
        PhState heard = PhState.of(bucket, new float[25], null, 0).heardFor(50);

        assertThat(heard.bucket()).isEqualTo(bucket);
        assertThat(heard.heardSeconds()).isEqualTo(50);
        assertThat(heard.heardFor(PhState.MOST_HEARD_SECONDS + 1).heardSeconds())
                .isEqualTo(PhState.MOST_HEARD_SECONDS);
        assertThat(PhState.of(heard.bucket() + 1, new float[25], null, 0).heardSeconds()).isZero();
    }

    /** Total: a bucket before 1970 (never admitted) still comes back as it went in. */
    @Test
    void aNegativeBucketComesBackAsItWentIn() {
        assertThat(PhState.of(-1, new float[0], null, 0).heardFor(10).bucket()).isEqualTo(-1);
    }
}
