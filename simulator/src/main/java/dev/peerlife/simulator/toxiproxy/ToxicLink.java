package dev.peerlife.simulator.toxiproxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayList;
import java.util.List;

/**
 * One direction of one proxied connection: bytes read from {@code source} go through the stages of
 * that direction's toxics, in the order the toxics were added, and are written to {@code dest}; the
 * end of the stream travels behind them and closes {@code dest} (the other direction then sees its
 * source close and ends in turn, as in Toxiproxy, where closing one socket ends the other link).
 *
 * <p>Confined to the connection's event loop. Chain changes (add, update, remove) follow
 * Toxiproxy's link: the stage before the change point is interrupted and restarted, so its
 * toxicity is rolled again. When more than {@value #HIGH_WATER} bytes wait in the stages, reading
 * from the source pauses until they drop below {@value #LOW_WATER}, as the real server's bounded
 * channels stop its reader.
 */
final class ToxicLink {

    static final int HIGH_WATER = 4 << 20;
    static final int LOW_WATER = 1 << 20;

    private final ProxiedConnection connection;
    final Channel source;
    final Channel dest;
    private final List<ToxicStage> stages = new ArrayList<>();
    private boolean ended;
    private boolean sinkClosed;
    private long held;

    ToxicLink(ProxiedConnection connection, Channel source, Channel dest) {
        this.connection = connection;
        this.source = source;
        this.dest = dest;
    }

    EventLoop loop() {
        return source.eventLoop();
    }

    /** Builds the stages for the toxics present when the connection opened, and starts them. */
    void start(List<ToxicState> chain) {
        for (ToxicState t : chain) {
            stages.add(ToxicStage.of(this, t));
        }
        for (ToxicStage s : List.copyOf(stages)) {
            s.run();
        }
    }

    // ---- data

    void onRead(ByteBuf data) {
        held += data.readableBytes();
        enter(new ToxicStage.Chunk(data, System.nanoTime()));
        if (held > HIGH_WATER && source.config().isAutoRead()) {
            source.config().setAutoRead(false);
        }
    }

    void onSourceEnd() {
        if (!ended) {
            ended = true;
            enter(ToxicStage.EOF);
        }
    }

    private void enter(Object item) {
        if (stages.isEmpty()) {
            sink(item);
        } else {
            stages.get(0).offer(item);
        }
    }

    /** Passes {@code item} from stage {@code from} to the next stage, or to the socket after the last. */
    void forward(ToxicStage from, Object item) {
        int i = stages.indexOf(from);
        if (i < 0) {
            drop(item);
        } else if (i + 1 < stages.size()) {
            stages.get(i + 1).offer(item);
        } else {
            sink(item);
        }
    }

    private void sink(Object item) {
        if (item == ToxicStage.EOF) {
            if (!sinkClosed) {
                sinkClosed = true;
                connection.close(dest);
            }
            return;
        }
        ToxicStage.Chunk c = (ToxicStage.Chunk) item;
        if (sinkClosed || !dest.isActive()) {
            drop(c);
            return;
        }
        released(c.length());
        dest.writeAndFlush(c.data).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                connection.close(dest);
            }
        });
    }

    /** Releases an item nobody will pass on. */
    void drop(Object item) {
        if (item instanceof ToxicStage.Chunk c) {
            released(c.length());
            ReferenceCountUtil.release(c.data);
        }
    }

    private void released(int bytes) {
        held -= bytes;
        if (held < LOW_WATER && !ended && !source.config().isAutoRead() && source.isActive()) {
            source.config().setAutoRead(true);
        }
    }

    // ---- chain changes, as Toxiproxy's link makes them

    void add(ToxicState toxic) {
        ToxicStage last = stages.isEmpty() ? null : stages.get(stages.size() - 1);
        boolean restartLast = last != null && last.interrupt();
        ToxicStage stage = ToxicStage.of(this, toxic);
        stages.add(stage);
        stage.run();
        if (restartLast) {
            last.run();
        }
    }

    void update(ToxicState toxic) {
        ToxicStage stage = find(toxic.name);
        if (stage != null && stage.interrupt()) {
            stage.toxic = toxic;
            stage.run();
        } else if (stage != null) {
            stage.toxic = toxic;
        }
    }

    void remove(String name) {
        ToxicStage stage = find(name);
        if (stage == null || !stage.interrupt()) {
            return;
        }
        if (stage.cleanup()) {
            return; // the toxic closed its stub on the way out (timeout, slow_close): the link is ending
        }
        int i = stages.indexOf(stage);
        ToxicStage previous = i > 0 ? stages.get(i - 1) : null;
        boolean restartPrevious = previous != null && previous.interrupt();
        stage.flush();
        stages.remove(i);
        if (restartPrevious) {
            previous.run();
        }
    }

    private ToxicStage find(String name) {
        for (ToxicStage s : stages) {
            if (s.toxic.name.equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** The connection is closed at both ends: release everything still held. */
    void dispose() {
        for (ToxicStage s : stages) {
            s.dispose();
        }
    }
}
