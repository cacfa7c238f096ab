package io.herdpulse.bench.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.model.Reading;
import io.herdpulse.model.ReadingJson;
import io.herdpulse.model.validation.ReadingValidator;
import io.herdpulse.model.validation.RejectReason;
import io.herdpulse.model.validation.Verdict;
import io.herdpulse.producer.simulate.HerdSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The data set's faults are the ones it claims, by the validator the job runs: its counts of
 * rejects rest on that.
 */
class TopicLoaderTest {
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    private static final ReadingValidator VALIDATOR = new ReadingValidator(Duration.ofMinutes(5));

    @Test
    void theHealthyHerdsReadingsAreAllValid() {
        HerdSimulator herd = Herds.simulator(100, DataSet.INTERVAL, START);
        for (int i = 0; i < 600; i++) {
            Reading reading = herd.next();
            assertThat(verdict(reading.animalId(), ReadingJson.toJson(reading)))
                    .isInstanceOf(Verdict.Valid.class);
        }
    }

    @Test
    void badMessagesAreMalformedOutOfRangeAndMissingAFieldInTurn() {
        Reading reading = Herds.simulator(10, DataSet.INTERVAL, START).next();
        List<RejectReason> reasons = new ArrayList<>();
        for (long index = 0; index < 6; index++) {
            Verdict verdict = verdict(reading.animalId(), TopicLoader.bad(reading, index));
            assertThat(verdict).isInstanceOf(Verdict.Invalid.class);
            reasons.add(((Verdict.Invalid) verdict).reason());
        }
        assertThat(reasons)
                .containsExactly(
                        RejectReason.MALFORMED_JSON,
                        RejectReason.OUT_OF_RANGE,
                        RejectReason.MISSING_FIELD,
                        RejectReason.MALFORMED_JSON,
                        RejectReason.OUT_OF_RANGE,
                        RejectReason.MISSING_FIELD);
    }

    @Test
    void animalRowsAreOnePerReadingByTheMinuteAndOnePerHourOfSixReadings() {
        DataSet data = new DataSet("t", 100, 1, 12, START, 1200, 12, 12);
        assertThat(data.animalRows(Duration.ofMinutes(1))).isEqualTo(1200);
        assertThat(data.animalRows(Duration.ofHours(1))).isEqualTo(200);
        assertThat(new DataSet("t", 7, 1, 13, START, 91, 0, 1).animalRows(Duration.ofHours(1)))
                .isEqualTo(7 * 3);
    }

    private static Verdict verdict(String key, byte[] value) {
        return VALIDATOR.check(
                key.getBytes(StandardCharsets.UTF_8), value, START.plus(Duration.ofDays(30)));
    }
}
