package dev.peerlife.lifecycle;

/**
 * The only source of time for lifecycle logic. Values are milliseconds on a monotonic timeline with
 * an arbitrary origin; they may wrap, so compare them as {@code deadlineMs - nowMs <= 0}, never
 * with {@code <}. Tests inject a manual clock; production uses {@link #monotonic()}.
 */
@FunctionalInterface
public interface LifecycleClock {

    long nowMs();

    /** A clock backed by {@link System#nanoTime()}: monotonic, unaffected by wall-clock changes. */
    static LifecycleClock monotonic() {
        return () -> System.nanoTime() / 1_000_000L;
    }
}
