package io.herdpulse.stack;

/**
 * A failure the user can act on, reported as one line (never a stack trace): a port in use, a
 * component that did not come up in time (with the log to read), a missing binary.
 */
public class StackException extends RuntimeException {
    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
