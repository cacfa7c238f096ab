package io.herdpulse.producer.kafka.publish;

/** Publishing cannot go on: the message says why in one line a user can act on. */
public final class PublishException extends RuntimeException {
    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
