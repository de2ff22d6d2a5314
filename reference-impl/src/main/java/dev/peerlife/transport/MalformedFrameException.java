package dev.peerlife.transport;

/** An inbound frame that is not a valid envelope: too short, wrong version, or too large. */
public final class MalformedFrameException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedFrameException(String message) {
        super(message);
    }
}
