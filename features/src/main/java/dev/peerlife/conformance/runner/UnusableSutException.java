package dev.peerlife.conformance.runner;

/**
 * The selected implementation cannot be used at all: an unknown name, a class that is missing or is
 * not an implementation, or a driver that does not start or answers no valid {@code hello}. The
 * message is one line that names the problem, fit to be shown to the user as it is.
 */
public final class UnusableSutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnusableSutException(String message) {
        super(message);
    }
}
