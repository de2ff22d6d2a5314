package dev.peerlife.transport;

import java.util.Arrays;

/**
 * The message envelope client and server share (SNF-2): a message type and its payload. Types
 * below {@link #FIRST_APPLICATION_TYPE} are reserved for the lifecycle protocol. On the wire an
 * envelope is a version byte, the type as an unsigned 16-bit big-endian number, then the payload;
 * see {@link EnvelopeCodec}. Immutable: the payload is copied in and out.
 */
public final class Envelope {

    public static final int MAX_TYPE = 0xFFFF;
    public static final int FIRST_APPLICATION_TYPE = 0x0100;

    private final int type;
    private final byte[] payload;

    public Envelope(int type, byte[] payload) {
        if (type < 0 || type > MAX_TYPE) {
            throw new IllegalArgumentException("type must be in 0.." + MAX_TYPE + ", was " + type);
        }
        this.type = type;
        this.payload = payload.clone();
    }

    public int type() {
        return type;
    }

    public byte[] payload() {
        return payload.clone();
    }

    public int payloadLength() {
        return payload.length;
    }

    byte[] payloadUnsafe() {
        return payload;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Envelope other && other.type == type && Arrays.equals(other.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Envelope[type=" + type + ", " + payload.length + " bytes]";
    }
}
