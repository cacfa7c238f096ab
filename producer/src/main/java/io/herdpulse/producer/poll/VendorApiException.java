package io.herdpulse.producer.poll;

/** The vendor's API answered something retrying cannot fix; the message says what and where. */
public final class VendorApiException extends RuntimeException {
    public VendorApiException(String message) {
        super(message);
    }
}
