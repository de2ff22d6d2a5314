package dev.peerlife.runtime;

/**
 * Runs message handlers where the host wants them (SNF-3): at once on the transport's thread
 * ({@link #immediate()}), or queued for the host's own loop ({@link QueuedDispatcher}).
 */
@FunctionalInterface
public interface Dispatcher {

    void dispatch(Runnable task);

    /** Runs each task at once, on the thread that received the message. */
    static Dispatcher immediate() {
        return Runnable::run;
    }
}
