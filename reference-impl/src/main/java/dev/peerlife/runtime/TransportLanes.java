package dev.peerlife.runtime;

import dev.peerlife.transport.Transport;
import dev.peerlife.transport.TransportListener;
import dev.peerlife.transport.TransportRole;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The reliable lane and the optional sync lane of a runtime or host (SNF-5): they start together,
 * the reliable one first; if the sync one fails, it (it began initializing, and may hold a half-bound
 * resource) and then the reliable one are stopped and the failure rethrown (SRE-2); they stop
 * together, each exactly once. Without a sync transport the reliable one serves both lanes.
 */
final class TransportLanes {

    private final Transport reliable;
    private final Transport sync;
    private final AtomicBoolean stopped = new AtomicBoolean();

    TransportLanes(Transport reliable, Transport sync) {
        this.reliable = reliable;
        this.sync = sync;
    }

    void start(TransportListener reliableListener, TransportListener syncListener) {
        reliable.start(reliableListener);
        if (sync == null) {
            return;
        }
        try {
            sync.start(syncListener);
        } catch (RuntimeException | Error failure) {
            stopQuietly(sync, failure);
            stopQuietly(reliable, failure);
            stopped.set(true);
            throw failure;
        }
    }

    void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        RuntimeException first = null;
        for (Transport transport : sync == null ? new Transport[] {reliable} : new Transport[] {sync, reliable}) {
            try {
                transport.stop();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    Transport reliable() {
        return reliable;
    }

    boolean hasSync() {
        return sync != null;
    }

    /** The transport carrying {@code lane}; the reliable one carries the sync lane when there is no sync transport. */
    Transport lane(TransportRole lane) {
        return lane == TransportRole.RELIABLE ? reliable : syncOrReliable();
    }

    /** The sync lane, or the reliable one when there is no sync transport. */
    Transport syncOrReliable() {
        return sync == null ? reliable : sync;
    }

    static void stopQuietly(Transport transport, Throwable into) {
        try {
            transport.stop();
        } catch (RuntimeException e) {
            into.addSuppressed(e);
        }
    }
}
