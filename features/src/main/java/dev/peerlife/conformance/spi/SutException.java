package dev.peerlife.conformance.spi;

/**
 * An implementation's refusal or failure: REJECTED for invalid configuration (with the field),
 * FAILED for a failure while doing what was asked, UNSUPPORTED for something it cannot do.
 */
public final class SutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind { REJECTED, FAILED, UNSUPPORTED }

    private final Kind kind;
    private final String field;

    public SutException(Kind kind, String field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public static SutException rejected(String field, String message) {
        return new SutException(Kind.REJECTED, field, message);
    }

    public static SutException failed(String message) {
        return new SutException(Kind.FAILED, null, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The configuration field a REJECTED names; null otherwise. */
    public String field() {
        return field;
    }
}
