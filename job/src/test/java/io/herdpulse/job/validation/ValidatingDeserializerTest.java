package io.herdpulse.job.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.herdpulse.job.ingest.KafkaPosition;
import io.herdpulse.model.Reading;
import io.herdpulse.model.ReadingJson;
import io.herdpulse.model.validation.ReadingValidator;
import io.herdpulse.model.validation.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class ValidatingDeserializerTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private final ValidatingDeserializer deserializer =
            new ValidatingDeserializer(
                    new ReadingValidator(Duration.ofMinutes(5)), Clock.fixed(NOW, ZoneOffset.UTC));

    private List<Validated> deserialize(ConsumerRecord<byte[], byte[]> record) {
        List<Validated> out = new ArrayList<>();
        deserializer.deserialize(
                record,
                new Collector<>() {
                    @Override
                    public void collect(Validated validated) {
                        out.add(validated);
                    }

                    @Override
                    public void close() {}
                });
        return out;
    }

    @Test
    void keepsTheRecordsPositionAndBytesWithAValidReading() {
        Reading reading =
                new Reading(
                        1,
                        "6f1c2a4e-8d0b-4b7e-9a51-3c2d1e0f9a8b",
                        "farm-1",
                        "cow-7",
                        "bolus-7",
                        NOW.minusSeconds(60),
                        38.5,
                        3,
                        4,
                        null,
                        null);
        byte[] value = ReadingJson.toJson(reading);

        List<Validated> out =
                deserialize(
                        new ConsumerRecord<>(
                                "cow-health-data",
                                3,
                                1234L,
                                "cow-7".getBytes(StandardCharsets.UTF_8),
                                value));

        assertThat(out).hasSize(1);
        assertThat(out.get(0).rejected()).isNull();
        assertThat(out.get(0).valid().position())
                .isEqualTo(new KafkaPosition("cow-health-data", 3, 1234L));
        assertThat(out.get(0).valid().payload()).isEqualTo(value);
        assertThat(out.get(0).valid().reading()).isEqualTo(reading);
        assertThat(out.get(0).eventTimeMillis()).isEqualTo(NOW.minusSeconds(60).toEpochMilli());
    }

    @Test
    void rejectsWithTheBytesExactlyAsReadAndTheJobsClock() {
        byte[] value = {'{', 0, (byte) 0xff, '}'};

        List<Validated> out =
                deserialize(new ConsumerRecord<>("cow-health-data", 0, 7L, null, value));

        assertThat(out).hasSize(1);
        Rejected rejected = out.get(0).rejected();
        assertThat(rejected.position()).isEqualTo(new KafkaPosition("cow-health-data", 0, 7L));
        assertThat(rejected.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(rejected.payload()).isEqualTo(value);
        assertThat(rejected.receivedAt()).isEqualTo(NOW);
        assertThat(out.get(0).eventTimeMillis()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void rejectsATombstoneWithAnEmptyPayload() {
        List<Validated> out =
                deserialize(
                        new ConsumerRecord<>(
                                "cow-health-data",
                                1,
                                8L,
                                "cow-7".getBytes(StandardCharsets.UTF_8),
                                null));

        assertThat(out.get(0).rejected().reason()).isEqualTo(RejectReason.MALFORMED_JSON);
        assertThat(out.get(0).rejected().payload()).isEmpty();
    }

    @Test
    void onATopicStampedByTheBrokerAReadingIsInTheFutureByWhenKafkaTookItHoweverLaterItIsRead() {
        // A bolus clock 6 minutes fast: rejected when read at once, and when replayed an hour on.
        Instant tookIt = NOW.minus(Duration.ofHours(1));

        assertThat(reasonOf(reading(tookIt.plus(Duration.ofMinutes(6))), appended(tookIt)))
                .isEqualTo(RejectReason.FUTURE_TIMESTAMP);
        assertThat(reasonOf(reading(tookIt.plus(Duration.ofMinutes(4))), appended(tookIt)))
                .isNull();
    }

    @Test
    void aProducersOwnTimestampIsNotTrusted() {
        // A gateway whose clock runs 10 minutes slow, and one stamping the reading's own time.
        assertThat(
                        reasonOf(
                                reading(NOW.minus(Duration.ofMinutes(1))),
                                created(NOW.minus(Duration.ofMinutes(10)))))
                .isNull();
        Instant farAhead = NOW.plus(Duration.ofDays(1));
        assertThat(reasonOf(reading(farAhead), created(farAhead)))
                .isEqualTo(RejectReason.FUTURE_TIMESTAMP);
    }

    @Test
    void aBrokersStampAheadOfTheJobsClockIsJudgedByTheClock() {
        Instant ahead = NOW.plus(Duration.ofMinutes(10));

        assertThat(reasonOf(reading(NOW.plus(Duration.ofMinutes(6))), appended(ahead)))
                .isEqualTo(RejectReason.FUTURE_TIMESTAMP);
    }

    @Test
    void aReadingAheadOfWhenTheBrokerTookItMovesTheWatermarkOnlyToThatMoment() {
        // A bolus clock 4 minutes fast, passed as on time; history replayed an hour late; and a
        // producer's own stamp, which says nothing of when Kafka took the record.
        Instant tookIt = NOW.minus(Duration.ofHours(1));
        Instant fast = tookIt.plus(Duration.ofMinutes(4));
        Instant history = tookIt.minus(Duration.ofHours(1));

        assertThat(validated(reading(fast), appended(tookIt)).watermarkTimeMillis())
                .isEqualTo(tookIt.toEpochMilli());
        assertThat(validated(reading(fast), appended(tookIt)).eventTimeMillis())
                .isEqualTo(fast.toEpochMilli());
        assertThat(validated(reading(history), appended(tookIt)).watermarkTimeMillis())
                .isEqualTo(history.toEpochMilli());
        assertThat(validated(reading(fast), created(tookIt)).watermarkTimeMillis())
                .isEqualTo(fast.toEpochMilli());
    }

    private record Stamp(Instant at, TimestampType type) {}

    private static Stamp appended(Instant at) {
        return new Stamp(at, TimestampType.LOG_APPEND_TIME);
    }

    private static Stamp created(Instant at) {
        return new Stamp(at, TimestampType.CREATE_TIME);
    }

    private static Reading reading(Instant at) {
        return new Reading(
                1,
                "6f1c2a4e-8d0b-4b7e-9a51-3c2d1e0f9a8b",
                "farm-1",
                "cow-7",
                "bolus-7",
                at,
                38.5,
                3,
                4,
                null,
                null);
    }

    /** The reason the reading is rejected for in a record stamped so, or null. */
    private RejectReason reasonOf(Reading reading, Stamp stamp) {
        Validated out = validated(reading, stamp);
        return out.rejected() == null ? null : out.rejected().reason();
    }

    /** What the source makes of the reading in a record stamped so. */
    private Validated validated(Reading reading, Stamp stamp) {
        return deserialize(
                        new ConsumerRecord<>(
                                "cow-health-data",
                                0,
                                9L,
                                stamp.at().toEpochMilli(),
                                stamp.type(),
                                5,
                                0,
                                "cow-7".getBytes(StandardCharsets.UTF_8),
                                ReadingJson.toJson(reading),
                                new RecordHeaders(),
                                Optional.empty()))
                .get(0);
    }
}
