package dev.peerlife.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Delivers notices outside the producer's lock, in the order they were added, one at a time.
 *
 * <p>Producers {@link #add} while holding their lock (so queue order is transition order) and call
 * {@link #drain} after releasing it. Whichever thread wins the drain flag delivers everything
 * queued, including what other threads add meanwhile; a thread that loses returns at once, its
 * notices delivered by the winner. The re-check after releasing the flag closes the gap in which a
 * notice could be added after the winner's last poll.
 */
public final class Outbox<T> {

    private static final System.Logger LOG = System.getLogger(Outbox.class.getName());

    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Consumer<T> deliver;

    public Outbox(Consumer<T> deliver) {
        this.deliver = deliver;
    }

    public void add(T notice) {
        queue.add(notice);
    }

    public void drain() {
        while (!queue.isEmpty()) {
            if (!draining.compareAndSet(false, true)) {
                return;
            }
            try {
                T notice;
                while ((notice = queue.poll()) != null) {
                    try {
                        deliver.accept(notice);
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.WARNING, "listener failed on " + notice, e);
                    }
                }
            } finally {
                draining.set(false);
            }
        }
    }
}
