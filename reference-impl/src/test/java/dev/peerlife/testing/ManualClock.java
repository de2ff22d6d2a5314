package dev.peerlife.testing;

import dev.peerlife.lifecycle.LifecycleClock;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when a test says so. Shipped in the reference-impl test-jar for the
 * other modules. Thread-safe.
 */
public final class ManualClock implements LifecycleClock {

    private final AtomicLong nowMs;

    public ManualClock() {
        this(0);
    }

    public ManualClock(long startMs) {
        this.nowMs = new AtomicLong(startMs);
    }

    @Override
    public long nowMs() {
        return nowMs.get();
    }

    /** Moves time forward by {@code deltaMs} (wrapping past Long.MAX_VALUE, as real clocks may). */
    public long advance(long deltaMs) {
        if (deltaMs < 0) {
            throw new IllegalArgumentException("time does not go backwards: " + deltaMs);
        }
        return nowMs.addAndGet(deltaMs);
    }

    public void set(long timeMs) {
        nowMs.set(timeMs);
    }
}
