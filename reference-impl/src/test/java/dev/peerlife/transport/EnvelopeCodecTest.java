package dev.peerlife.transport;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvelopeCodecTest {

    @Test
    void roundTripsTypeAndPayload() throws Exception {
        Envelope envelope = new Envelope(0x1234, new byte[] {1, 2, 3});
        byte[] frame = EnvelopeCodec.encode(envelope);
        assertArrayEquals(new byte[] {1, 0x12, 0x34, 1, 2, 3}, frame);
        assertEquals(envelope, EnvelopeCodec.decode(frame, 1024));
    }

    @Test
    void rejectsTruncatedOversizedAndForeignVersionFrames() {
        assertTrue(assertThrows(MalformedFrameException.class, () -> EnvelopeCodec.decode(new byte[] {1, 0}, 64))
                .getMessage().contains("shorter"));
        assertTrue(assertThrows(MalformedFrameException.class, () -> EnvelopeCodec.decode(new byte[100], 64))
                .getMessage().contains("exceeds"));
        assertTrue(assertThrows(MalformedFrameException.class, () -> EnvelopeCodec.decode(new byte[] {9, 0, 1}, 64))
                .getMessage().contains("version 9"));
    }

    @Test
    void envelopePayloadIsCopiedInAndOut() {
        byte[] payload = {5};
        Envelope envelope = new Envelope(300, payload);
        payload[0] = 6;
        envelope.payload()[0] = 7;
        assertArrayEquals(new byte[] {5}, envelope.payload());
    }
}
