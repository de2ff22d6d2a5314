package dev.peerlife.runtime.internal;

import dev.peerlife.transport.ConnectionId;

import java.util.concurrent.atomic.AtomicLong;

/** One open reliable connection, as the wire session layer tracks it. */
final class OpenConnection {
    final ConnectionId id;
    /** The order in which the transport accepted it: a connection older than a session's newest never takes it over. */
    final long acceptOrder;
    /** When it must have logged in; {@code Long.MAX_VALUE} for none. */
    final long loginDeadlineMs;
    final FrameBudget budget;
    final AtomicLong badFrames = new AtomicLong();
    /** The session it is bound to; null while pending or after it was released. Written under the table's lock. */
    volatile SessionRecord session;

    OpenConnection(ConnectionId id, long acceptOrder, long loginDeadlineMs, FrameBudget budget) {
        this.id = id;
        this.acceptOrder = acceptOrder;
        this.loginDeadlineMs = loginDeadlineMs;
        this.budget = budget;
    }
}
