package dev.peerlife.runtime;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Queues handler tasks until the host drains them on its own thread (SNF-3), for hosts with a
 * single-threaded game loop. Tasks run in the order they were dispatched.
 *
 * <p>Threading: {@link #dispatch} from any thread; {@link #drain} from the host's loop thread.
 */
public final class QueuedDispatcher implements Dispatcher {

    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();

    @Override
    public void dispatch(Runnable task) {
        queue.add(task);
        pending.incrementAndGet();
    }

    /** Runs every queued task and returns how many ran. */
    public int drain() {
        return drain(Integer.MAX_VALUE);
    }

    /** Runs at most {@code max} queued tasks and returns how many ran. */
    public int drain(int max) {
        int ran = 0;
        Runnable task;
        while (ran < max && (task = queue.poll()) != null) {
            pending.decrementAndGet();
            ran++;
            task.run();
        }
        return ran;
    }

    public int pending() {
        return pending.get();
    }
}
