package io.herdpulse.producer.kafka.publish;

import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * A record Kafka refused for what the record is, not for the state Kafka is in: sent again it is
 * refused again, so its caller answers or skips it instead of retrying it for ever.
 *
 * @param position the record's place in the batch handed to {@link ReadingPublisher#publish}
 * @param error what the client or the broker said
 */
public record Refusal(int position, Exception error) {

    /**
     * Whether an error is the record's own: its size, larger than the client or the topic takes. An
     * authorization error, a fenced producer or a missing topic are not retriable either, but they
     * refuse every record, and skipping on them would drop whole requests, pages and files. So do
     * an invalid timestamp (the record's is the producer host's clock, so a clock an hour off
     * refuses them all) and an invalid record (a batch of them reports it for all): until
     * 2026-12-05 these were skipped too (found by review).
     */
    static boolean isRecordsOwn(Exception error) {
        return error instanceof RecordTooLargeException
                || error instanceof RecordBatchTooLargeException;
    }

    /** One line: the error's type and Kafka's words. */
    public String reason() {
        return reasonOf(error);
    }

    static String reasonOf(Exception error) {
        return error.getClass().getSimpleName() + ": " + error.getMessage();
    }
}
