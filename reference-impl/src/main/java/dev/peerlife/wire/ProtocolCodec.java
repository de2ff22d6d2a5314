package dev.peerlife.wire;

import dev.peerlife.transport.Envelope;
import dev.peerlife.transport.EnvelopeCodec;
import dev.peerlife.transport.MalformedFrameException;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Encodes lifecycle messages into envelopes and back. Strict: a payload that is short, long, has a
 * bad string, or an unknown protocol type is a {@link MalformedFrameException}, never a partial
 * message. Layouts in docs/wire-protocol.md; all numbers big-endian.
 */
public final class ProtocolCodec {

    /** Strings (player ids, reasons) are at most this many UTF-8 bytes. */
    public static final int MAX_STRING_BYTES = 1024;

    private ProtocolCodec() {
    }

    /** Whether {@code type} is a lifecycle message type rather than an application one. */
    public static boolean isProtocolType(int type) {
        return type < Envelope.FIRST_APPLICATION_TYPE;
    }

    public static Envelope encode(ProtocolMessage message) {
        ByteBuffer out = ByteBuffer.allocate(size(message));
        int type;
        if (message instanceof ProtocolMessage.LoginRequest r) {
            type = ProtocolMessage.LOGIN_REQUEST;
            putString(out, r.playerId());
            byte[] token = r.resumeToken();
            out.put((byte) (token == null ? 0 : token.length));
            if (token != null) {
                out.put(token);
            }
        } else if (message instanceof ProtocolMessage.LoginAccepted a) {
            type = ProtocolMessage.LOGIN_RESPONSE;
            out.put((byte) 0);
            putString(out, a.peerId());
            byte[] token = a.token();
            out.put((byte) token.length);
            out.put(token);
        } else if (message instanceof ProtocolMessage.LoginRejected r) {
            type = ProtocolMessage.LOGIN_RESPONSE;
            out.put((byte) 1);
            putString(out, r.reason());
        } else if (message instanceof ProtocolMessage.Heartbeat h) {
            type = ProtocolMessage.HEARTBEAT;
            out.putLong(h.clientTimeMs());
            out.putLong(h.lastRttMs());
        } else if (message instanceof ProtocolMessage.HeartbeatAck a) {
            type = ProtocolMessage.HEARTBEAT_ACK;
            out.putLong(a.clientTimeMs());
            out.putLong(a.serverTick());
        } else {
            type = ProtocolMessage.DISCONNECT;
            putString(out, ((ProtocolMessage.Disconnect) message).reason());
        }
        return new Envelope(type, out.array());
    }

    /** The bytes of an envelope holding a Heartbeat: header and two longs. */
    public static final int HEARTBEAT_FRAME_BYTES = EnvelopeCodec.HEADER_BYTES + 16;

    /**
     * Whether {@code frame} (one whole envelope) is a well-formed Heartbeat; read it with
     * {@link #longAt}. The server's hot path, without building an envelope.
     */
    public static boolean isHeartbeatFrame(byte[] frame) {
        return frame.length == HEARTBEAT_FRAME_BYTES && frame[0] == EnvelopeCodec.VERSION && frame[1] == 0
                && frame[2] == ProtocolMessage.HEARTBEAT;
    }

    /** The big-endian long at {@code offset} of {@code frame}. */
    public static long longAt(byte[] frame, int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (frame[offset + i] & 0xFF);
        }
        return v;
    }

    /** The envelope bytes of a HeartbeatAck, as {@code EnvelopeCodec.encode(encode(ack))} gives them. */
    public static byte[] heartbeatAckFrame(long clientTimeMs, long serverTick) {
        byte[] frame = new byte[EnvelopeCodec.HEADER_BYTES + 16];
        frame[0] = EnvelopeCodec.VERSION;
        frame[2] = ProtocolMessage.HEARTBEAT_ACK;
        putLong(frame, 3, clientTimeMs);
        putLong(frame, 11, serverTick);
        return frame;
    }

    private static void putLong(byte[] frame, int offset, long v) {
        for (int i = 7; i >= 0; i--) {
            frame[offset + i] = (byte) v;
            v >>>= 8;
        }
    }

    public static ProtocolMessage decode(Envelope envelope) throws MalformedFrameException {
        ByteBuffer in = ByteBuffer.wrap(envelope.payload());
        try {
            ProtocolMessage message = switch (envelope.type()) {
                case ProtocolMessage.LOGIN_REQUEST -> {
                    String player = getString(in);
                    if (player.isBlank()) {
                        throw new MalformedFrameException("login request with an empty player id");
                    }
                    yield new ProtocolMessage.LoginRequest(player, getToken(in, true));
                }
                case ProtocolMessage.LOGIN_RESPONSE -> {
                    int status = in.get() & 0xFF;
                    if (status == 0) {
                        String peer = getString(in);
                        yield new ProtocolMessage.LoginAccepted(peer, getToken(in, false));
                    }
                    if (status == 1) {
                        yield new ProtocolMessage.LoginRejected(getString(in));
                    }
                    throw new MalformedFrameException("login response with unknown status " + status);
                }
                case ProtocolMessage.HEARTBEAT -> new ProtocolMessage.Heartbeat(in.getLong(), in.getLong());
                case ProtocolMessage.HEARTBEAT_ACK -> new ProtocolMessage.HeartbeatAck(in.getLong(), in.getLong());
                case ProtocolMessage.DISCONNECT -> new ProtocolMessage.Disconnect(getString(in));
                default -> throw new MalformedFrameException("unknown protocol message type 0x"
                        + Integer.toHexString(envelope.type()));
            };
            if (in.hasRemaining()) {
                throw new MalformedFrameException(in.remaining() + " unexpected trailing bytes after " + message);
            }
            return message;
        } catch (BufferUnderflowException e) {
            throw new MalformedFrameException("truncated protocol message of type 0x" + Integer.toHexString(envelope.type()));
        }
    }

    private static int size(ProtocolMessage message) {
        if (message instanceof ProtocolMessage.LoginRequest r) {
            return 2 + utf8(r.playerId()).length + 1 + (r.resuming() ? ProtocolMessage.TOKEN_BYTES : 0);
        }
        if (message instanceof ProtocolMessage.LoginAccepted a) {
            return 1 + 2 + utf8(a.peerId()).length + 1 + ProtocolMessage.TOKEN_BYTES;
        }
        if (message instanceof ProtocolMessage.LoginRejected r) {
            return 1 + 2 + utf8(r.reason()).length;
        }
        if (message instanceof ProtocolMessage.Heartbeat) {
            return 16;
        }
        if (message instanceof ProtocolMessage.HeartbeatAck) {
            return 16;
        }
        return 2 + utf8(((ProtocolMessage.Disconnect) message).reason()).length;
    }

    private static byte[] utf8(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_STRING_BYTES) {
            throw new IllegalArgumentException("string of " + bytes.length + " bytes exceeds " + MAX_STRING_BYTES);
        }
        return bytes;
    }

    private static void putString(ByteBuffer out, String s) {
        byte[] bytes = utf8(s);
        out.putShort((short) bytes.length);
        out.put(bytes);
    }

    private static String getString(ByteBuffer in) throws MalformedFrameException {
        int length = in.getShort() & 0xFFFF;
        if (length > MAX_STRING_BYTES) {
            throw new MalformedFrameException("string of " + length + " bytes exceeds " + MAX_STRING_BYTES);
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedFrameException("string is not valid UTF-8");
        }
    }

    private static byte[] getToken(ByteBuffer in, boolean optional) throws MalformedFrameException {
        int length = in.get() & 0xFF;
        if (length == 0 && optional) {
            return null;
        }
        if (length != ProtocolMessage.TOKEN_BYTES) {
            throw new MalformedFrameException("session token of " + length + " bytes, expected " + ProtocolMessage.TOKEN_BYTES);
        }
        byte[] token = new byte[length];
        in.get(token);
        return token;
    }
}
