package dev.peerlife.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Splits a TCP stream into frames: a 4-byte big-endian length, then that many bytes. It never
 * throws, so one bad frame cannot stall the frames behind it. A length over the maximum produces an
 * {@link Oversized} notice and the frame's bytes are skipped as they arrive; a negative length
 * means the stream cannot be resynchronised and produces {@link Corrupt}, after which the owner
 * closes the connection.
 */
final class FrameDecoder extends ByteToMessageDecoder {

    /** A frame longer than the maximum was skipped. */
    record Oversized(long length, int max) {
    }

    /** The stream is unreadable from here on. */
    record Corrupt(String why) {
    }

    private final int maxFrameBytes;
    private long skipping;
    private boolean corrupt;

    FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            if (corrupt) {
                in.skipBytes(in.readableBytes());
                return;
            }
            if (skipping > 0) {
                int n = (int) Math.min(skipping, in.readableBytes());
                in.skipBytes(n);
                skipping -= n;
                if (skipping > 0) {
                    return;
                }
            }
            if (in.readableBytes() < Framing.LENGTH_BYTES) {
                return;
            }
            int length = in.getInt(in.readerIndex());
            if (length < 0) {
                corrupt = true;
                out.add(new Corrupt("negative frame length " + length));
                continue;
            }
            if (length > maxFrameBytes) {
                in.skipBytes(Framing.LENGTH_BYTES);
                skipping = length;
                out.add(new Oversized(length, maxFrameBytes));
                continue;
            }
            if (in.readableBytes() < Framing.LENGTH_BYTES + length) {
                return;
            }
            in.skipBytes(Framing.LENGTH_BYTES);
            out.add(in.readRetainedSlice(length));
        }
    }
}
