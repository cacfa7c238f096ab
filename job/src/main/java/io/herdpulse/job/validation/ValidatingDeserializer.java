package io.herdpulse.job.validation;

import io.herdpulse.job.ingest.KafkaPosition;
import io.herdpulse.job.ingest.SourcedReading;
import io.herdpulse.model.validation.ReadingValidator;
import io.herdpulse.model.validation.Verdict;
import java.time.Clock;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;

/**
 * Turns each Kafka record into a {@link Validated}, keeping its position and its value exactly as
 * read. Never throws, so no message can restart the job.
 */
public final class ValidatingDeserializer implements KafkaRecordDeserializationSchema<Validated> {
    private static final long serialVersionUID = 1L;
    private static final byte[] NO_VALUE = new byte[0];

    private final ReadingValidator validator;
    private final Clock clock;

    public ValidatingDeserializer(ReadingValidator validator, Clock clock) {
        this.validator = validator;
        this.clock = clock;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Validated> out) {
        KafkaPosition position =
                new KafkaPosition(record.topic(), record.partition(), record.offset());
        byte[] payload = record.value() == null ? NO_VALUE : record.value();
        Instant now = clock.instant();
        Verdict verdict = validator.check(record.key(), record.value(), futureFrom(record, now));
        if (verdict instanceof Verdict.Valid valid) {
            out.collect(
                    Validated.valid(
                            new SourcedReading(
                                    position, payload, valid.reading(), appended(record))));
        } else {
            Verdict.Invalid invalid = (Verdict.Invalid) verdict;
            out.collect(
                    Validated.rejected(
                            new Rejected(
                                    position, invalid.reason(), invalid.detail(), payload, now)));
        }
    }

    /**
     * What "the future" is counted from: on a topic that stamps records as the broker appends them
     * ({@code message.timestamp.type=LogAppendTime}, the stack's), when Kafka took the record, or
     * the job's clock if that is earlier; on any other, the job's clock. A replay of such a topic
     * decides as the first reading did: judged by the clock, a reading of a fast bolus clock
     * rejected live passes when replayed minutes later, and its time moves its partition's
     * watermark past readings that were on time. A producer's own timestamp is not trusted: a
     * gateway whose clock runs slow would have every reading rejected.
     */
    private static Instant futureFrom(ConsumerRecord<?, ?> record, Instant now) {
        return record.timestampType() == TimestampType.LOG_APPEND_TIME
                        && record.timestamp() >= 0
                        && record.timestamp() < now.toEpochMilli()
                ? Instant.ofEpochMilli(record.timestamp())
                : now;
    }

    /** When the broker appended the record, if its topic says. */
    private static long appended(ConsumerRecord<?, ?> record) {
        return record.timestampType() == TimestampType.LOG_APPEND_TIME && record.timestamp() >= 0
                ? record.timestamp()
                : SourcedReading.NOT_STAMPED;
    }

    @Override
    public TypeInformation<Validated> getProducedType() {
        return TypeInformation.of(Validated.class);
    }
}
