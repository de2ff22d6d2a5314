package dev.peerlife.wire;

import dev.peerlife.transport.Envelope;
import dev.peerlife.transport.EnvelopeCodec;
import dev.peerlife.transport.MalformedFrameException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worked examples of docs/wire-protocol.md are what the codec produces, and decode back. */
class WireProtocolDocTest {

    private static final byte[] TOKEN = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

    private static final Map<String, ProtocolMessage> EXAMPLES = new LinkedHashMap<>();

    static {
        EXAMPLES.put("login-new", new ProtocolMessage.LoginRequest("alice", null));
        EXAMPLES.put("login-resume", new ProtocolMessage.LoginRequest("alice", TOKEN));
        EXAMPLES.put("accepted", new ProtocolMessage.LoginAccepted("alice", TOKEN));
        EXAMPLES.put("rejected", new ProtocolMessage.LoginRejected("banned"));
        EXAMPLES.put("heartbeat", new ProtocolMessage.Heartbeat(1000, 12));
        EXAMPLES.put("ack", new ProtocolMessage.HeartbeatAck(1000, 424242));
        EXAMPLES.put("disconnect", new ProtocolMessage.Disconnect("bye"));
    }

    @Test
    void everyWorkedExampleIsTheCodecsOutputAndDecodesBack() throws Exception {
        String doc = Files.readString(Path.of("../docs/wire-protocol.md"));
        Matcher m = Pattern.compile("(?m)^(\\S+)\\s+((?:[0-9a-f]{2} ?)+)$").matcher(doc);
        int checked = 0;
        while (m.find()) {
            ProtocolMessage message = EXAMPLES.get(m.group(1));
            if (message == null) {
                continue;
            }
            byte[] frame = HexFormat.ofDelimiter(" ").parseHex(m.group(2).trim());
            byte[] envelope = EnvelopeCodec.encode(ProtocolCodec.encode(message));
            ByteBuffer expected = ByteBuffer.allocate(4 + envelope.length).putInt(envelope.length).put(envelope);
            assertEquals(HexFormat.of().formatHex(expected.array()), HexFormat.of().formatHex(frame), m.group(1));
            Envelope decoded = EnvelopeCodec.decode(java.util.Arrays.copyOfRange(frame, 4, frame.length), 65536);
            assertEquals(message, ProtocolCodec.decode(decoded), m.group(1));
            checked++;
        }
        assertEquals(EXAMPLES.size(), checked, "every example appears in the document");
    }

    @Test
    void malformedLifecycleMessagesAreRejectedNotHalfRead() {
        assertTrue(assertThrows(MalformedFrameException.class,
                () -> ProtocolCodec.decode(new Envelope(ProtocolMessage.HEARTBEAT, new byte[3]))).getMessage().contains("truncated"));
        assertTrue(assertThrows(MalformedFrameException.class,
                () -> ProtocolCodec.decode(new Envelope(ProtocolMessage.HEARTBEAT, new byte[17]))).getMessage().contains("trailing"));
        assertTrue(assertThrows(MalformedFrameException.class,
                () -> ProtocolCodec.decode(new Envelope(0x7F, new byte[0]))).getMessage().contains("unknown protocol message type"));
        assertTrue(assertThrows(MalformedFrameException.class,
                () -> ProtocolCodec.decode(new Envelope(ProtocolMessage.LOGIN_REQUEST, new byte[] {0, 0, 0}))).getMessage().contains("empty player id"));
        assertTrue(assertThrows(MalformedFrameException.class,
                () -> ProtocolCodec.decode(new Envelope(ProtocolMessage.LOGIN_REQUEST, new byte[] {0, 1, 'a', 5, 1, 2, 3, 4, 5})))
                .getMessage().contains("token of 5 bytes"));
        assertTrue(assertThrows(MalformedFrameException.class,
                () -> ProtocolCodec.decode(new Envelope(ProtocolMessage.DISCONNECT, new byte[] {0, 1, (byte) 0xC3})))
                .getMessage().contains("UTF-8"));
    }
}
