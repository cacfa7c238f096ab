package io.herdpulse.producer.kafka.publish;

import io.herdpulse.model.Reading;
import io.herdpulse.producer.metrics.ProducerMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Sends readings to the topic through one idempotent {@link KafkaProducer}, keyed by animal id so
 * each animal's readings stay in order on one partition.
 *
 * <p>The client retries retriable errors itself until {@link KafkaSettings#deliveryTimeout()};
 * those retries are counted. A record that still fails is never skipped silently: the error is
 * counted by type, the first one is kept, and the next {@link #send} throws it, so the run stops
 * and reports how many records the broker did and did not acknowledge. Records handed over before
 * the failure are still delivered by {@link #flush}: one bad record does not cost the good ones. A
 * caller that can skip a record Kafka refuses for what it is ({@link Refusal}) says so, and such a
 * record then fails nothing.
 */
public final class ReadingPublisher implements AutoCloseable {
    private final KafkaSettings settings;
    private final ProducerMetrics metrics;
    private final Producer<String, byte[]> producer;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<PublishException> failure = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    public ReadingPublisher(KafkaSettings settings, ProducerMetrics metrics) {
        this(settings, metrics, new KafkaProducer<>(settings.producerConfig()));
    }

    /** Over a given client, so tests can decide when and how each record completes. */
    public ReadingPublisher(
            KafkaSettings settings, ProducerMetrics metrics, Producer<String, byte[]> producer) {
        this.settings = settings;
        this.metrics = metrics;
        this.producer = producer;
        metrics.retries(this::retries);
    }

    /**
     * Fails fast when the broker cannot be reached or the topic does not exist, instead of
     * discovering it after a delivery timeout.
     */
    public void connect() {
        try {
            producer.partitionsFor(settings.topic());
        } catch (TimeoutException e) {
            throw new PublishException(
                    "no answer from Kafka at "
                            + settings.bootstrapServers()
                            + " about topic "
                            + settings.topic()
                            + " within "
                            + seconds(settings.connectTimeout())
                            + " (is the broker running and does the topic exist?)",
                    e);
        } catch (RuntimeException e) {
            throw new PublishException(
                    "cannot use topic "
                            + settings.topic()
                            + " at "
                            + settings.bootstrapServers()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * Hands one reading to the client.
     *
     * @param origin where the reading came from ("line 12"), named in the failure if this record is
     *     the first to fail; null if there is nothing to name
     * @throws PublishException when an earlier record failed, or this one cannot be handed over
     */
    public void send(Reading reading, String origin) {
        send(reading, origin, null);
    }

    /**
     * Hands one reading to the client; one Kafka refuses for what it is ({@link Refusal}) is
     * counted as failed and told to {@code refused}, and fails nothing: a replay skips a row Kafka
     * can never take, as it skips one that cannot be a reading, instead of stopping at it on every
     * run.
     *
     * @param refused told of such a record, from the client's thread; null to fail on it too
     * @throws PublishException when an earlier record failed, or this one cannot be handed over
     */
    public void send(Reading reading, String origin, RefusedRecords refused) {
        PublishException earlier = failure.get();
        if (earlier != null) {
            throw earlier;
        }
        Consumer<Exception> failed =
                error -> {
                    if (refused != null && Refusal.isRecordsOwn(error)) {
                        countFailed(error);
                        refused.refused(origin, Refusal.reasonOf(error));
                    } else {
                        fail(error, origin);
                    }
                };
        try {
            handOver(
                    KeyedValue.of(reading),
                    error -> {
                        if (error != null) {
                            failed.accept(error);
                        }
                    });
        } catch (RuntimeException e) {
            // send() itself failed (no buffer space within max.block.ms, producer fenced or
            // closed): the callback never runs, so the record is accounted for here.
            failed.accept(e);
            PublishException now = failure.get();
            if (now != null) {
                throw now;
            }
        }
    }

    /** Told of a record Kafka refused for what it is, with where it came from and Kafka's words. */
    @FunctionalInterface
    public interface RefusedRecords {
        void refused(String origin, String reason);
    }

    /**
     * Hands a batch to the client for a caller that waits for its acknowledgement: an HTTP request
     * answered only once Kafka has the readings, a polled page whose cursor is stored only then.
     * Unlike {@link #send}, a failure fails this batch's future and is not kept: the server answers
     * this request with it and serves the next; the poller stops on it. A record Kafka refuses for
     * what it is ({@link Refusal}) fails nothing: it is counted as failed and handed back, as
     * neither a resent request nor a restarted poller could ever get it in.
     *
     * @return completes when the broker acknowledged every record of the batch but the refused
     *     ones, with those in batch order, or exceptionally with a {@link PublishException} at the
     *     first record that failed otherwise; no record is handed over after that failure
     */
    public CompletableFuture<List<Refusal>> publish(List<KeyedValue> batch) {
        CompletableFuture<List<Refusal>> done = new CompletableFuture<>();
        AtomicInteger pending = new AtomicInteger(batch.size());
        List<Refusal> refused = Collections.synchronizedList(new ArrayList<>());
        Runnable settled =
                () -> {
                    if (pending.decrementAndGet() == 0) {
                        List<Refusal> inOrder = new ArrayList<>(refused);
                        inOrder.sort(Comparator.comparingInt(Refusal::position));
                        done.complete(inOrder);
                    }
                };
        if (batch.isEmpty()) {
            done.complete(List.of());
        }
        Consumer<Exception> fail =
                error -> {
                    countFailed(error);
                    done.completeExceptionally(new PublishException(describe(error), error));
                };
        // The client hands a send that fails before it is queued (no metadata for the topic within
        // max.block.ms) to its callback instead of throwing, so a failed batch is seen by its
        // future: each record handed over after it would wait max.block.ms in turn and fail the
        // same way. The records not handed over are neither sent nor failed.
        for (int position = 0;
                position < batch.size() && !done.isCompletedExceptionally();
                position++) {
            int at = position;
            try {
                handOver(
                        batch.get(position),
                        error -> {
                            if (error == null) {
                                settled.run();
                            } else if (Refusal.isRecordsOwn(error)) {
                                countFailed(error);
                                refused.add(new Refusal(at, error));
                                settled.run();
                            } else {
                                fail.accept(error);
                            }
                        });
            } catch (RuntimeException e) {
                fail.accept(e);
                break;
            }
        }
        return done;
    }

    /**
     * Waits until every record handed over so far is acknowledged or has failed, at most the
     * delivery timeout after the last was handed over: the client fails what it cannot deliver by
     * then.
     */
    public void flush() {
        producer.flush();
    }

    /** The failure that ended publishing, if any. */
    public PublishException failure() {
        return failure.get();
    }

    public long sent() {
        return sent.get();
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Batches the client has sent again after a retriable error. */
    public double retries() {
        for (Map.Entry<MetricName, ? extends Metric> metric : producer.metrics().entrySet()) {
            MetricName name = metric.getKey();
            if (name.name().equals("record-retry-total")
                    && name.group().equals("producer-metrics")) {
                return ((Number) metric.getValue().metricValue()).doubleValue();
            }
        }
        return 0;
    }

    /**
     * Sends one record; the callback gets null once the broker acknowledged it (after the counts
     * and metrics are updated), or the error that failed it.
     */
    private void handOver(KeyedValue value, Consumer<Exception> whenDone) {
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(settings.topic(), value.key(), value.value());
        long start = System.nanoTime();
        Callback callback =
                (metadata, error) -> {
                    if (error == null) {
                        acknowledged.incrementAndGet();
                        metrics.acknowledged(System.nanoTime() - start);
                    }
                    whenDone.accept(error);
                };
        sent.incrementAndGet();
        producer.send(record, callback);
    }

    /**
     * Whether a record failed because the broker did not take it within the delivery timeout: the
     * records after it can only fail the same way.
     */
    public boolean brokerAway() {
        PublishException first = failure.get();
        return first != null && first.getCause() instanceof TimeoutException;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // poll closes it before its state directory, then its try-with-resources
        }
        // A run flushed what could still be delivered; do not wait for a broker that stayed away.
        producer.close(brokerAway() ? Duration.ZERO : settings.deliveryTimeout());
    }

    private void fail(Exception error, String origin) {
        countFailed(error);
        String where = origin == null ? "" : " (first failed record: " + origin + ")";
        failure.compareAndSet(null, new PublishException(describe(error) + where, error));
    }

    private void countFailed(Exception error) {
        failed.incrementAndGet();
        metrics.sendFailed(error);
    }

    private String describe(Exception error) {
        if (error instanceof RetriableException) {
            return "records not acknowledged by Kafka at "
                    + settings.bootstrapServers()
                    + " within the delivery timeout of "
                    + seconds(settings.deliveryTimeout())
                    + " despite retries (broker down or unreachable?): "
                    + error.getMessage();
        }
        return "Kafka refused a record, which retrying cannot fix: "
                + error.getClass().getSimpleName()
                + ": "
                + error.getMessage();
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() / 1000.0 + " s";
    }
}
