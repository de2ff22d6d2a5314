package dev.peerlife.runtime.internal;

/**
 * How many bad frames one connection may send: a leaky bucket. Each bad frame (malformed,
 * oversized, not allowed in the connection's state, or a refused login) adds one; every
 * {@code decayMs} one is forgotten; the connection is over budget when more than {@code max} are
 * counted at once. A peer with an occasional bad frame is never cut off; a stream of them is, and
 * a new connection (a new session, too) starts clean. Time comes in as an argument.
 *
 * <p>Threading: thread-safe (a peer's reliable and sync lanes may report at once).
 */
public final class FrameBudget {

    private final int max;
    private final long decayMs;
    private long level;
    private long lastDecayMs;
    private boolean started;

    public FrameBudget(int max, long decayMs) {
        this.max = max;
        this.decayMs = decayMs;
    }

    /** Counts one bad frame at {@code nowMs}; returns false once the budget is exceeded. */
    public synchronized boolean spend(long nowMs) {
        decay(nowMs);
        level++;
        return level <= max;
    }

    /** Bad frames counted now, after decay. */
    public synchronized long level(long nowMs) {
        decay(nowMs);
        return level;
    }

    private void decay(long nowMs) {
        if (!started) {
            started = true;
            lastDecayMs = nowMs;
            return;
        }
        if (decayMs <= 0 || level == 0) {
            lastDecayMs = nowMs;
            return;
        }
        long elapsed = nowMs - lastDecayMs;
        if (elapsed < decayMs) {
            return;
        }
        long forgiven = elapsed / decayMs;
        level = Math.max(0, level - forgiven);
        lastDecayMs += forgiven * decayMs;
    }
}
