package dev.peerlife.lifecycle;

import java.util.OptionalLong;

/**
 * The clock-sync strategy: where server-tick samples go (NSL-2). A heartbeat answer that carries a
 * server tick is liveness and RTT for the session, and a sample for this component; an
 * authoritative state update the client receives is a sample too. The session managers keep no
 * tick of their own: they forward each sample of an accepted heartbeat answer here and show
 * {@link #serverTick()} as {@link SessionSnapshot#lastServerTick()}.
 *
 * <p>Who owns it: the client runtime owns one ({@code SharedNetworkRuntime.clockSync()}); a
 * {@link MultiSessionManager} keeps one per session beside that session's lifecycle, made by the
 * factory given to its builder. The reference's strategy is {@link #lastSampleWins()} (REF-12).
 *
 * <p>Threading: samples of one session arrive one at a time: a heartbeat answer under its manager's
 * lock ({@code SessionManager}) or its session's monitor ({@link MultiSessionManager}), an
 * authoritative update from the host's thread; {@link #serverTick()} may be read from any thread.
 * Implementations must be thread-safe, quick, and must not call back into a session manager.
 */
public interface ClockSync {

    /**
     * Offers one server-tick sample, received at {@code nowMs} on the lifecycle clock. Returns
     * whether the strategy took it (a rejected sample leaves {@link #serverTick()} as it was).
     */
    boolean observe(long serverTick, long nowMs);

    /** The server tick this strategy holds now; empty before its first sample. */
    OptionalLong serverTick();

    /** The reference's strategy (REF-12): every sample is taken; the last one wins. */
    static ClockSync lastSampleWins() {
        return new ClockSyncs.LastSampleWins();
    }

    /**
     * The original system's strategy: a sample lower than the tick held is ignored, so the tick
     * never goes back (a late heartbeat answer cannot undo a newer authoritative update).
     */
    static ClockSync ignoreOlder() {
        return new ClockSyncs.IgnoreOlder();
    }
}
