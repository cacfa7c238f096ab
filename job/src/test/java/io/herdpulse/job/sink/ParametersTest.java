package io.herdpulse.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class ParametersTest {

    @Property
    void aTimestampIsTheInstantAtUtcAsOffsetDateTimeMakesIt(
            @ForAll @LongRange(min = -62_135_596_800L, max = 253_402_300_799L) long epochSecond,
            @ForAll @LongRange(min = 0, max = 999_999_999) long nanos) {
        Instant instant = Instant.ofEpochSecond(epochSecond, nanos);

        assertThat(Parameters.utc(instant))
                .isEqualTo(OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
}
