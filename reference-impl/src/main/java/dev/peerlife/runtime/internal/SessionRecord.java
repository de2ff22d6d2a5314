package dev.peerlife.runtime.internal;

import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.transport.ConnectionId;

import java.util.concurrent.atomic.AtomicLong;

/** One session's wire state: its token, its connection, what its client proved. */
final class SessionRecord {
    final PeerId peer;
    final AtomicLong badFrames = new AtomicLong();
    /** Guarded by the table's lock. */
    String tokenHex;
    byte[] token;
    /** The client showed it holds the token: it resumed with it, heartbeat after the accept, or sent a datagram. */
    volatile boolean confirmed;
    /** The connection bound now, or null. Guarded by the table's lock. */
    OpenConnection bound;
    /** The accept order of the newest connection ever bound. Guarded by the table's lock. */
    long newestAcceptOrder = -1;
    volatile ConnectionId syncConnection;
    volatile long reportedRttMs = -1;

    SessionRecord(PeerId peer) {
        this.peer = peer;
    }
}
