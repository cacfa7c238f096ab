package io.herdpulse.producer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herdpulse.model.Reading;
import io.herdpulse.producer.kafka.publish.KafkaSettings;
import io.herdpulse.producer.kafka.publish.ReadingPublisher;
import io.herdpulse.producer.metrics.ProducerMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class PublishRunTest {
    private static final KafkaSettings SETTINGS =
            new KafkaSettings(
                    "127.0.0.1:9", "topic", "test", Duration.ofSeconds(5), Duration.ofSeconds(1));

    @Test
    void aFailedRecordStillLetsTheRecordsInFlightCompleteBeforeTheReportCountsThem() {
        // Records complete only on flush, as batches still lingering or awaiting the broker do.
        MockProducer<String, byte[]> producer =
                new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            readings.add(reading("cow-" + i));
        }
        int[] handedOver = {0};
        try (ProducerMetrics metrics = new ProducerMetrics();
                ReadingPublisher publisher = new ReadingPublisher(SETTINGS, metrics, producer)) {
            RunReport report =
                    quietRun(publisher, metrics)
                            .run(
                                    readings.stream()
                                            .peek(
                                                    reading -> {
                                                        if (++handedOver[0] == 8) {
                                                            producer.sendException =
                                                                    new RecordTooLargeException(
                                                                            "too large");
                                                        }
                                                    })
                                            .iterator(),
                                    Pacing.asFastAsPossible(),
                                    0,
                                    () -> "",
                                    () -> "line " + (handedOver[0] + 1),
                                    null);

            assertThat(report.sent()).isEqualTo(8);
            assertThat(report.acknowledged()).isEqualTo(7);
            assertThat(report.failed()).isEqualTo(1);
            assertThat(report.failure())
                    .isEqualTo(
                            "Kafka refused a record, which retrying cannot fix:"
                                    + " RecordTooLargeException: too large (first failed record:"
                                    + " line 9)");
        }
    }

    @Test
    void aRecordKafkaRefusesForWhatItIsIsToldAndTheRunGoesOnWhenItsCallerSkipsSuchRecords() {
        MockProducer<String, byte[]> producer =
                new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
        int[] handedOver = {0};
        List<String> refused = new ArrayList<>();
        try (ProducerMetrics metrics = new ProducerMetrics();
                ReadingPublisher publisher = new ReadingPublisher(SETTINGS, metrics, producer)) {
            Iterator<Reading> readings =
                    List.of(reading("cow-1"), reading("cow-2"), reading("cow-3")).stream()
                            .peek(
                                    reading -> {
                                        if (++handedOver[0] == 3) {
                                            // The broker takes the first and refuses the second.
                                            producer.completeNext();
                                            producer.errorNext(
                                                    new RecordTooLargeException("too large"));
                                        }
                                    })
                            .iterator();
            RunReport report =
                    quietRun(publisher, metrics)
                            .run(
                                    readings,
                                    Pacing.asFastAsPossible(),
                                    0,
                                    () -> "",
                                    () -> "line " + (handedOver[0] + 1),
                                    (origin, reason) -> refused.add(origin + ": " + reason));

            assertThat(report.sent()).isEqualTo(3);
            assertThat(report.acknowledged()).isEqualTo(2);
            assertThat(report.failed()).isEqualTo(1);
            assertThat(report.failure()).isNull();
            assertThat(refused).containsExactly("line 3: RecordTooLargeException: too large");
        }
    }

    @Test
    void afterTheBrokerStayedAwayTheRunEndsWithoutWaitingForTheRecordsAfterIt() {
        // Flushed, they would only time out too, a whole delivery timeout later.
        MockProducer<String, byte[]> producer =
                new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
        int[] handedOver = {0};
        try (ProducerMetrics metrics = new ProducerMetrics();
                ReadingPublisher publisher = new ReadingPublisher(SETTINGS, metrics, producer)) {
            RunReport report =
                    run(
                            publisher,
                            metrics,
                            List.of(reading("cow-1"), reading("cow-2"), reading("cow-3")).stream()
                                    .peek(
                                            reading -> {
                                                if (++handedOver[0] == 3) {
                                                    producer.errorNext(
                                                            new TimeoutException("Expiring 1"));
                                                }
                                            })
                                    .iterator());

            assertThat(report.sent()).isEqualTo(2);
            assertThat(report.acknowledged()).as("not flushed").isZero();
            assertThat(report.failed()).isEqualTo(1);
        }
    }

    @Test
    void aReadingsSourceThatFailsLeavesNoProgressThreadBehind() {
        MockProducer<String, byte[]> producer =
                new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
        Iterator<Reading> unreadable =
                new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        throw new UncheckedIOException(new IOException("disk gone"));
                    }

                    @Override
                    public Reading next() {
                        throw new NoSuchElementException();
                    }
                };
        try (ProducerMetrics metrics = new ProducerMetrics();
                ReadingPublisher publisher = new ReadingPublisher(SETTINGS, metrics, producer)) {
            assertThatThrownBy(() -> run(publisher, metrics, unreadable))
                    .isInstanceOf(UncheckedIOException.class);
        }

        await().atMost(Duration.ofSeconds(5))
                .until(
                        () ->
                                Thread.getAllStackTraces().keySet().stream()
                                        .noneMatch(
                                                thread ->
                                                        thread.getName()
                                                                .equals("herdpulse-progress")));
    }

    private static RunReport run(
            ReadingPublisher publisher, ProducerMetrics metrics, Iterator<Reading> readings) {
        return quietRun(publisher, metrics).run(readings, Pacing.asFastAsPossible(), 0, () -> "");
    }

    /** A run whose progress lines go nowhere. */
    private static PublishRun quietRun(ReadingPublisher publisher, ProducerMetrics metrics) {
        return new PublishRun(
                "test",
                publisher,
                metrics,
                new StopSignal(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static Reading reading(String animal) {
        return new Reading(
                Reading.SCHEMA_VERSION,
                "id-" + animal,
                "farm-1",
                animal,
                "bolus-1",
                Instant.parse("2026-03-01T00:00:00Z"),
                39.0,
                10,
                5,
                null,
                null);
    }
}
