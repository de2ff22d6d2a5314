package dev.peerlife.conformance.runner;

/** The implementation under test hung or crashed; the message says how, with what it printed. */
public final class SutHungException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SutHungException(String message) {
        super(message);
    }
}
