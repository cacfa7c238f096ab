package io.herdpulse.producer.kafka.publish;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
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
     * Whether an error is the record's own. Only errors about the record itself: an authorization
     * error, a fenced producer or a missing topic are not retriable either, but they refuse every
     * record, and skipping on them would drop whole requests and pages.
     */
    static boolean isRecordsOwn(Exception error) {
        return error instanceof RecordTooLargeException
                || error instanceof RecordBatchTooLargeException
                || error instanceof InvalidRecordException
                || error instanceof InvalidTimestampException;
    }

    /** One line: the error's type and Kafka's words. */
    public String reason() {
        return reasonOf(error);
    }

    static String reasonOf(Exception error) {
        return error.getClass().getSimpleName() + ": " + error.getMessage();
    }
}
