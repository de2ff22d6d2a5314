package dev.peerlife.transport;

import java.util.Arrays;

/**
 * Encodes and decodes {@link Envelope}s: {@code [version u8][type u16 big-endian][payload]}. The
 * same bytes travel on every transport; framing (a length prefix on TCP) is the transport's.
 */
public final class EnvelopeCodec {

    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 3;

    private EnvelopeCodec() {
    }

    public static byte[] encode(Envelope envelope) {
        byte[] payload = envelope.payloadUnsafe();
        byte[] frame = new byte[HEADER_BYTES + payload.length];
        frame[0] = (byte) VERSION;
        frame[1] = (byte) (envelope.type() >>> 8);
        frame[2] = (byte) envelope.type();
        System.arraycopy(payload, 0, frame, HEADER_BYTES, payload.length);
        return frame;
    }

    /** Decodes one frame, rejecting one shorter than the header, of another version, or over {@code maxBytes}. */
    public static Envelope decode(byte[] frame, int maxBytes) throws MalformedFrameException {
        if (frame.length > maxBytes) {
            throw new MalformedFrameException("frame of " + frame.length + " bytes exceeds the maximum of " + maxBytes);
        }
        if (frame.length < HEADER_BYTES) {
            throw new MalformedFrameException("frame of " + frame.length + " bytes is shorter than the "
                    + HEADER_BYTES + "-byte header");
        }
        int version = frame[0] & 0xFF;
        if (version != VERSION) {
            throw new MalformedFrameException("unsupported envelope version " + version);
        }
        int type = ((frame[1] & 0xFF) << 8) | (frame[2] & 0xFF);
        return new Envelope(type, Arrays.copyOfRange(frame, HEADER_BYTES, frame.length));
    }
}
