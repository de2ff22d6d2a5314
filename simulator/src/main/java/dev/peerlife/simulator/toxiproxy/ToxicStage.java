package dev.peerlife.simulator.toxiproxy;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One toxic on one direction of one connection: Toxiproxy's "toxic stub". Items (data chunks and
 * the end of the stream) enter in order, each stage handles them one at a time and passes what it
 * lets through to the next stage of its {@link ToxicLink}. Everything runs on the connection's event
 * loop; timers are that loop's scheduled tasks, so a stage never blocks a thread.
 *
 * <p>The life of a stage follows Toxiproxy's: {@link #run()} rolls the toxicity once (an inactive
 * stage passes everything through untouched) and starts the toxic; {@link #interrupt()} stops it so
 * that the chain can change, handing on at once whatever the toxic was holding back (a delayed
 * chunk, the rest of a sliced one); {@link #run()} again after an add, update or removal rolls the
 * toxicity again, as the real server restarts the interrupted stub. {@link #close()} is a stub
 * closing itself: the end of the stream goes on to the next stage, and later input is dropped.
 */
abstract class ToxicStage {

    /** The end of the stream, travelling behind the data. */
    static final Object EOF = new Object() {
        @Override
        public String toString() {
            return "EOF";
        }
    };

    /** A piece of data with the time it was read from its socket, which latency counts from. */
    static final class Chunk {
        final ByteBuf data;
        long timestampNs;

        Chunk(ByteBuf data, long timestampNs) {
            this.data = data;
            this.timestampNs = timestampNs;
        }

        int length() {
            return data.readableBytes();
        }

        /** Takes the first {@code n} bytes off this chunk as a chunk of its own. */
        Chunk split(int n) {
            return new Chunk(data.readRetainedSlice(n), timestampNs);
        }
    }

    final ToxicLink link;
    ToxicState toxic;
    final ArrayDeque<Object> queue = new ArrayDeque<>();
    boolean active;
    boolean closed;
    private ScheduledFuture<?> timer;

    ToxicStage(ToxicLink link, ToxicState toxic) {
        this.link = link;
        this.toxic = toxic;
    }

    static ToxicStage of(ToxicLink link, ToxicState toxic) {
        return switch (toxic.kind) {
            case LATENCY -> new Latency(link, toxic);
            case BANDWIDTH -> new Bandwidth(link, toxic);
            case SLOW_CLOSE -> new SlowClose(link, toxic);
            case TIMEOUT -> new Timeout(link, toxic);
            case RESET_PEER -> new ResetPeer(link, toxic);
            case LIMIT_DATA -> new LimitData(link, toxic);
            case SLICER -> new Slicer(link, toxic);
            case NOOP -> new Noop(link, toxic);
        };
    }

    // ---- the life cycle the link drives

    /** Starts (or restarts) the toxic with a fresh roll of its toxicity. */
    final void run() {
        if (closed) {
            return;
        }
        active = ThreadLocalRandom.current().nextFloat() < toxic.toxicity;
        if (active) {
            started();
        } else {
            startedInactive();
        }
        pump();
    }

    /**
     * Stops the toxic so that the chain can change, handing on what it held back. Returns false
     * when the toxic cannot be interrupted (closed, or a reset already under way), as the real
     * server's interrupt fails on a closed stub and waits out a firing reset.
     */
    final boolean interrupt() {
        if (closed || !interruptible()) {
            return false;
        }
        cancelTimer();
        if (active) {
            interrupted();
        }
        return true;
    }

    /** Hands every queued item to the next stage at once: this stage is being removed. */
    final void flush() {
        while (!queue.isEmpty()) {
            emit(queue.poll());
        }
    }

    final void offer(Object item) {
        if (closed) {
            link.drop(item);
            return;
        }
        queue.add(item);
        pump();
    }

    /** Closes this stub: the end of the stream goes on, and whatever comes later is dropped. */
    final void close() {
        if (closed) {
            return;
        }
        closed = true;
        cancelTimer();
        abandon();
        while (!queue.isEmpty()) {
            link.drop(queue.poll());
        }
        emit(EOF);
    }

    /** The connection is gone: cancel timers and release everything held, passing nothing on. */
    final void dispose() {
        closed = true;
        cancelTimer();
        abandon();
        while (!queue.isEmpty()) {
            link.drop(queue.poll());
        }
    }

    final void pump() {
        while (!closed && !busy() && !queue.isEmpty()) {
            Object item = queue.poll();
            if (active) {
                handle(item);
            } else if (item == EOF) {
                close();
            } else {
                emit(item);
            }
        }
    }

    final void emit(Object item) {
        link.forward(this, item);
    }

    final void schedule(long delayNs, Runnable task) {
        cancelTimer();
        timer = link.loop().schedule(() -> {
            timer = null;
            task.run();
        }, Math.max(0, delayNs), TimeUnit.NANOSECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    // ---- what each toxic does

    /** Called by {@link #run()} when the roll made the toxic active. */
    void started() {
    }

    /** Called by {@link #run()} when the roll made the toxic inactive: it behaves as a noop toxic. */
    void startedInactive() {
    }

    /** True while the toxic is working on an item and the next must wait. */
    boolean busy() {
        return false;
    }

    /** One item, taken in order while not {@link #busy()}. */
    abstract void handle(Object item);

    /** Hands on at once what the toxic holds back; timers are already cancelled. */
    void interrupted() {
    }

    boolean interruptible() {
        return true;
    }

    /** Releases what the toxic holds outside the queue; the stage is closing or disposed. */
    void abandon() {
    }

    /** The chunk a toxic holds back outside the queue (delayed, paced or being sliced), or null. */
    Chunk held;

    /** Hands the held chunk on at once, if there is one. */
    final void emitHeld() {
        if (held != null) {
            Chunk out = held;
            held = null;
            emit(out);
        }
    }

    /** Drops the held chunk, if there is one. */
    final void dropHeld() {
        if (held != null) {
            link.drop(held);
            held = null;
        }
    }

    /** Called when the toxic is removed, before the chain changes; true when that closed the stage. */
    boolean cleanup() {
        return false;
    }

    // ---- the toxics

    static final class Noop extends ToxicStage {
        Noop(ToxicLink link, ToxicState toxic) {
            super(link, toxic);
        }

        @Override
        void handle(Object item) {
            if (item == EOF) {
                close();
            } else {
                emit(item);
            }
        }
    }

    /**
     * Each chunk waits until {@code latency} ± {@code jitter} ms after it was read, one after the
     * other (a chunk never overtakes the one before). Interrupted, the chunk being delayed goes on at
     * once; removed, every queued chunk goes on at once.
     */
    static final class Latency extends ToxicStage {
        Latency(ToxicLink link, ToxicState toxic) {
            super(link, toxic);
        }

        @Override
        boolean busy() {
            return held != null;
        }

        @Override
        void handle(Object item) {
            if (item == EOF) {
                close();
                return;
            }
            Chunk c = (Chunk) item;
            long jitter = toxic.attribute("jitter");
            long delayMs = toxic.attribute("latency") + (jitter > 0 ? ThreadLocalRandom.current().nextLong(-jitter, jitter) : 0);
            long dueNs = c.timestampNs + TimeUnit.MILLISECONDS.toNanos(delayMs);
            long waitNs = dueNs - System.nanoTime();
            c.timestampNs = dueNs;
            if (waitNs <= 0) {
                emit(c);
                return;
            }
            held = c;
            schedule(waitNs, () -> {
                emitHeld();
                pump();
            });
        }

        @Override
        void interrupted() {
            emitHeld();
        }

        @Override
        void abandon() {
            dropHeld();
        }
    }

    /**
     * Paces the data at {@code rate} KB/s, 1 KB being 1,000 bytes as in Toxiproxy: each chunk adds
     * its length / rate ms to a running debt that the toxic sleeps off before passing the chunk on;
     * a chunk larger than 100 ms worth of rate goes out in 100 ms pieces. The debt starts at zero
     * each time the toxic (re)starts. A rate of 0 or less passes data untouched.
     */
    static final class Bandwidth extends ToxicStage {
        private long sleepNs;

        Bandwidth(ToxicLink link, ToxicState toxic) {
            super(link, toxic);
        }

        @Override
        void started() {
            sleepNs = 0;
        }

        @Override
        boolean busy() {
            return held != null;
        }

        @Override
        void handle(Object item) {
            if (item == EOF) {
                close();
                return;
            }
            Chunk c = (Chunk) item;
            long rate = toxic.attribute("rate");
            if (rate <= 0) {
                sleepNs = 0;
                emit(c);
                return;
            }
            sleepNs += c.length() * TimeUnit.MILLISECONDS.toNanos(1) / rate;
            held = c;
            step(rate);
        }

        private void step(long rate) {
            if (held.length() > rate * 100) {
                schedule(TimeUnit.MILLISECONDS.toNanos(100), () -> {
                    emit(held.split((int) (rate * 100)));
                    sleepNs -= TimeUnit.MILLISECONDS.toNanos(100);
                    step(rate);
                });
                return;
            }
            long startNs = System.nanoTime();
            schedule(sleepNs, () -> {
                sleepNs -= System.nanoTime() - startNs;
                emitHeld();
                pump();
            });
        }

        @Override
        void interrupted() {
            emitHeld();
        }

        @Override
        void abandon() {
            dropHeld();
        }
    }

    /** Passes data; the end of the stream waits {@code delay} ms (again if the toxic restarts meanwhile). */
    static final class SlowClose extends ToxicStage {
        private boolean ending;

        SlowClose(ToxicLink link, ToxicState toxic) {
            super(link, toxic);
        }

        @Override
        void started() {
            if (ending) {
                closeAfterDelay();
            }
        }

        @Override
        void startedInactive() {
            if (ending) {
                close();
            }
        }

        @Override
        boolean busy() {
            return ending;
        }

        @Override
        void handle(Object item) {
            if (item != EOF) {
                emit(item);
                return;
            }
            ending = true;
            closeAfterDelay();
        }

        private void closeAfterDelay() {
            schedule(TimeUnit.MILLISECONDS.toNanos(toxic.attribute("delay")), this::close);
        }

        @Override
        void interrupted() {
            // the end of the stream was taken in and stays taken: a restart waits again, a removal lets it through
        }

        @Override
        boolean cleanup() {
            if (ending) {
                close();
                return true;
            }
            return false;
        }
    }

    /**
     * Drops every chunk; with {@code timeout} > 0, closes the connection that many ms after the
     * toxic (re)started. Removing the toxic closes the connection too, whether or not its toxicity
     * made it active: Toxiproxy cannot know what the dropped bytes were, so it ends the stream.
     */
    static final class Timeout extends ToxicStage {
        Timeout(ToxicLink link, ToxicState toxic) {
            super(link, toxic);
        }

        @Override
        void started() {
            long timeoutMs = toxic.attribute("timeout");
            if (timeoutMs > 0) {
                schedule(TimeUnit.MILLISECONDS.toNanos(timeoutMs), this::close);
            }
        }

        @Override
        void handle(Object item) {
            if (item == EOF) {
                close();
            } else {
                link.drop(item);
            }
        }

        @Override
        boolean cleanup() {
            close();
            return true;
        }
    }

    /**
     * Waits for the first item in its direction, drops it, waits {@code timeout} ms and closes. What
     * the close does depends on the connection: one that had a reset_peer toxic when it opened was
     * set to linger 0 at both ends, so it is reset (RST) at both ends; an existing one is closed
     * normally (FIN). An idle connection is never touched. Once the wait has begun the reset cannot
     * be called off.
     */
    static final class ResetPeer extends ToxicStage {
        private boolean firing;

        ResetPeer(ToxicLink link, ToxicState toxic) {
            super(link, toxic);
        }

        @Override
        boolean busy() {
            return firing;
        }

        @Override
        void handle(Object item) {
            link.drop(item);
            firing = true;
            schedule(TimeUnit.MILLISECONDS.toNanos(toxic.attribute("timeout")), this::close);
        }

        @Override
        boolean interruptible() {
            return !firing;
        }
    }

    /**
     * Passes at most {@code bytes} bytes in total since the toxic was added to this connection, then
     * closes. The count survives restarts and updates.
     */
    static final class LimitData extends ToxicStage {
        private long transmitted;

        LimitData(ToxicLink link, ToxicState toxic) {
            super(link, toxic);
        }

        @Override
        void handle(Object item) {
            if (item == EOF) {
                close();
                return;
            }
            Chunk c = (Chunk) item;
            long limit = toxic.attribute("bytes");
            long remaining = Math.max(0, limit - transmitted);
            if (remaining < c.length()) {
                Chunk head = c.split((int) remaining);
                link.drop(c);
                c = head;
            }
            if (c.length() > 0) {
                transmitted += c.length();
                emit(c);
            } else {
                link.drop(c);
            }
            if (limit - transmitted <= 0) {
                close();
            }
        }
    }

    /**
     * Cuts each chunk into pieces of about {@code average_size} ± {@code size_variation} bytes
     * (halving recursively at a randomly shifted middle, as Toxiproxy does), waiting {@code delay}
     * microseconds after each piece. Interrupted, the rest of the chunk goes on in one piece.
     * Differs on purpose where Toxiproxy breaks: with {@code average_size} of 0 or less the real
     * server recurses until it crashes; here the chunk passes whole. A shifted middle is kept inside
     * the chunk where the real one would slice out of range.
     */
    static final class Slicer extends ToxicStage {
        private boolean waiting;
        private final ArrayDeque<Integer> pieces = new ArrayDeque<>();

        Slicer(ToxicLink link, ToxicState toxic) {
            super(link, toxic);
        }

        @Override
        boolean busy() {
            return held != null || waiting;
        }

        @Override
        void handle(Object item) {
            if (item == EOF) {
                close();
                return;
            }
            Chunk c = (Chunk) item;
            long average = toxic.attribute("average_size");
            if (average <= 0) {
                emit(c);
                return;
            }
            List<Integer> sizes = new ArrayList<>();
            slice(0, c.length(), (int) Math.min(Integer.MAX_VALUE, average),
                    (int) Math.max(0, Math.min(Integer.MAX_VALUE / 2, toxic.attribute("size_variation"))), sizes);
            held = c;
            pieces.addAll(sizes);
            sendPieces();
        }

        private void sendPieces() {
            long delayUs = toxic.attribute("delay");
            while (held != null) {
                int size = pieces.poll();
                Chunk piece;
                if (pieces.isEmpty()) {
                    piece = held;
                    held = null;
                } else {
                    piece = held.split(size);
                }
                emit(piece);
                if (delayUs > 0) {
                    waiting = true;
                    schedule(TimeUnit.MICROSECONDS.toNanos(delayUs), () -> {
                        waiting = false;
                        if (held != null) {
                            sendPieces();
                        } else {
                            pump();
                        }
                    });
                    return;
                }
            }
        }

        private static void slice(int start, int end, int average, int variation, List<Integer> out) {
            if ((end - start) - average <= variation) {
                out.add(end - start);
                return;
            }
            int shift = variation > 0 ? ThreadLocalRandom.current().nextInt(variation * 2) - variation : 0;
            int mid = Math.max(start + 1, Math.min(end - 1, start + (end - start) / 2 + shift));
            slice(start, mid, average, variation, out);
            slice(mid, end, average, variation, out);
        }

        @Override
        void interrupted() {
            pieces.clear();
            waiting = false;
            emitHeld();
        }

        @Override
        void abandon() {
            pieces.clear();
            waiting = false;
            dropHeld();
        }
    }
}
