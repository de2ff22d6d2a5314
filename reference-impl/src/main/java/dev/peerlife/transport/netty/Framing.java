package dev.peerlife.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelPipeline;

/**
 * TCP framing: each envelope travels as a 4-byte big-endian length, then that many bytes (see
 * docs/wire-protocol.md). A length over the maximum is reported as soon as it is read, its bytes are
 * skipped, and the connection goes on with the next frame (see {@link FrameDecoder}).
 */
final class Framing {

    static final int LENGTH_BYTES = 4;

    private Framing() {
    }

    static void install(ChannelPipeline pipeline, int maxFrameBytes) {
        pipeline.addLast("frames", new FrameDecoder(maxFrameBytes));
    }

    static ByteBuf frame(ByteBufAllocator alloc, byte[] envelope) {
        ByteBuf out = alloc.buffer(LENGTH_BYTES + envelope.length);
        out.writeInt(envelope.length);
        out.writeBytes(envelope);
        return out;
    }
}
