package dev.peerlife.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Holds one thread at a chosen point while a test does something else: once {@link #arm armed},
 * the next {@link #pass} signals that it was reached and waits (at most 10 s) until
 * {@link #release}. Later passes go straight through. Shipped in the reference-impl test-jar.
 */
public final class Gate {

    private static final long WAIT_S = 10;

    private final AtomicBoolean armed = new AtomicBoolean();
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    public void arm() {
        armed.set(true);
    }

    /** Called at the point to hold: waits there the first time after {@link #arm}. */
    public void pass() {
        if (armed.compareAndSet(true, false)) {
            reached.countDown();
            try {
                released.await(WAIT_S, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether a thread reached the gate within 10 s. */
    public boolean awaitReached() throws InterruptedException {
        return reached.await(WAIT_S, TimeUnit.SECONDS);
    }

    public void release() {
        released.countDown();
    }
}
