package dev.peerlife.simulator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the Toxiproxy calls of a simulation off the thread that drives the clients' heartbeats, so
 * that a slow call (a real Toxiproxy can take seconds, up to its own 25 s limit, to delete a latency
 * toxic that still holds data) never freezes the run. Calls for one peer run one after the other,
 * in the order they were asked for; calls for different peers run side by side.
 *
 * <p>Every call is recorded with when it was asked for, when it started and when it ended. One
 * still running after {@code slowMs} is reported (once) through {@link #newlySlow()}; one still
 * running after {@code timeoutMs} no longer holds up the peer's next call and its future fails
 * with a timeout, but its real end is still recorded if it comes before the run ends.
 *
 * <p>Threads: {@link #submit} and {@link #newlySlow} are called by the driving thread only; the
 * calls run on daemon threads of this object's pool.
 */
final class FaultControl implements AutoCloseable {

    /** One Toxiproxy request, as a lambda over the Java client. */
    interface Action {
        void run() throws IOException;
    }

    /** One call and its times (System.nanoTime); {@code endNs} 0 while it runs. */
    static final class Call {
        final String peer;
        final int fault;
        final String what;
        final long askedNs;
        volatile long startNs;
        volatile long endNs;
        volatile String failure;
        /** Completes when the call returns, fails with its error, or fails with a timeout. */
        final CompletableFuture<Void> done = new CompletableFuture<>();
        boolean reportedSlow;

        Call(String peer, int fault, String what, long askedNs) {
            this.peer = peer;
            this.fault = fault;
            this.what = what;
            this.askedNs = askedNs;
        }
    }

    private final long slowMs;
    private final long timeoutMs;
    private final ExecutorService pool;
    private final Map<String, CompletableFuture<Void>> lastByPeer = new HashMap<>();
    private final List<Call> calls = new ArrayList<>();

    FaultControl(long slowMs, long timeoutMs) {
        this.slowMs = slowMs;
        this.timeoutMs = timeoutMs;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "toxiproxy-control-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues {@code action} behind the peer's earlier calls; see {@link Call#done}. */
    Call submit(String peer, int fault, String what, Action action) {
        Call call = new Call(peer, fault, what, System.nanoTime());
        synchronized (calls) {
            calls.add(call);
        }
        CompletableFuture<Void> previous = lastByPeer.getOrDefault(peer, CompletableFuture.completedFuture(null));
        CompletableFuture<Void> result = call.done;
        previous.whenComplete((x, e) -> pool.execute(() -> {
            call.startNs = System.nanoTime();
            CompletableFuture.delayedExecutor(timeoutMs, TimeUnit.MILLISECONDS).execute(() -> result.completeExceptionally(
                    new TimeoutException(what + " for " + peer + ": no answer within " + timeoutMs + " ms")));
            try {
                action.run();
                call.endNs = System.nanoTime();
                result.complete(null);
            } catch (IOException | RuntimeException failure) {
                call.failure = String.valueOf(failure.getMessage());
                call.endNs = System.nanoTime();
                result.completeExceptionally(failure);
            }
        }));
        lastByPeer.put(peer, result);
        return call;
    }

    /**
     * Runs a setup call (not part of the fault timeline, so not recorded) on the pool and waits for
     * it at most the call timeout.
     */
    <T> T now(String what, java.util.concurrent.Callable<T> call) throws IOException {
        java.util.concurrent.Future<T> f = pool.submit(call);
        try {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(what + ": no answer within " + timeoutMs + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + ": interrupted");
        }
    }

    /** Calls that have now run longer than the slow threshold, each reported once. */
    List<Call> newlySlow() {
        long now = System.nanoTime();
        List<Call> slow = new ArrayList<>();
        synchronized (calls) {
            for (Call c : calls) {
                long start = c.startNs;
                long end = c.endNs;
                long ranNs = (end != 0 ? end : now) - start;
                if (!c.reportedSlow && start != 0 && ranNs >= TimeUnit.MILLISECONDS.toNanos(slowMs)) {
                    c.reportedSlow = true;
                    slow.add(c);
                }
            }
        }
        return slow;
    }

    /** Every call so far, in the order asked. */
    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    long slowMs() {
        return slowMs;
    }

    /** Stops taking calls; calls still running finish on their own daemon threads. */
    @Override
    public void close() {
        pool.shutdown();
    }
}
