package dev.peerlife.transport.netty;

import dev.peerlife.transport.ConnectionId;
import dev.peerlife.transport.TransportListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

import java.util.function.Consumer;

/**
 * The last handler of a TCP pipeline: turns unframed envelopes into listener calls. Every listener
 * call is guarded, so an exception in the owner never escapes into the event loop; an oversized
 * frame is skipped by the decoder and reported as malformed while the connection stays open.
 */
final class FrameHandler extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(FrameHandler.class.getName());

    private final ConnectionId id;
    private final long acceptOrder;
    private final TransportListener listener;
    private final Consumer<ConnectionId> onClosed;
    private volatile String closeReason = "connection closed by the peer";

    FrameHandler(ConnectionId id, TransportListener listener, Consumer<ConnectionId> onClosed) {
        this(id, 0, listener, onClosed);
    }

    /** {@code acceptOrder} > 0: reported with the connect, as the server accepted it. */
    FrameHandler(ConnectionId id, long acceptOrder, TransportListener listener, Consumer<ConnectionId> onClosed) {
        this.id = id;
        this.acceptOrder = acceptOrder;
        this.listener = listener;
        this.onClosed = onClosed;
    }

    void closingBecause(String reason) {
        closeReason = reason;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        guard(() -> {
            if (acceptOrder > 0) {
                listener.onConnected(id, acceptOrder);
            } else {
                listener.onConnected(id);
            }
        });
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf frame) {
            byte[] bytes;
            try {
                bytes = ByteBufUtil.getBytes(frame);
            } finally {
                ReferenceCountUtil.release(frame);
            }
            guard(() -> listener.onReceive(id, bytes));
        } else if (msg instanceof FrameDecoder.Oversized o) {
            guard(() -> listener.onMalformed(id, "oversized frame of " + o.length() + " bytes (maximum " + o.max() + ")"));
        } else if (msg instanceof FrameDecoder.Corrupt c) {
            guard(() -> listener.onMalformed(id, "corrupt stream: " + c.why()));
            closeReason = "corrupt stream: " + c.why();
            ctx.close();
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        onClosed.accept(id);
        guard(() -> listener.onDisconnected(id, closeReason));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closeReason = "transport error: " + cause;
        LOG.log(System.Logger.Level.DEBUG, "closing " + id + " after " + cause);
        ctx.close();
    }

    private void guard(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "listener failed for " + id, e);
        }
    }
}
