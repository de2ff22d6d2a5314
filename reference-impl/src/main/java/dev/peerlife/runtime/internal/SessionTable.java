package dev.peerlife.runtime.internal;

import dev.peerlife.lifecycle.MultiSessionManager;
import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.transport.ConnectionId;
import dev.peerlife.wire.ProtocolMessage;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The wire session layer's tables: open connections, connections waiting to log in (in connect
 * order, which is login-deadline order), session records with their tokens, and the records waiting
 * in their resume window (longest-waiting first, the first to go when the table is full). Every
 * table is bounded: connections by the transport's cap, pending ones by {@code maxPending}, records
 * and tokens by {@code maxSessions}.
 *
 * <p>Threading: every method that changes a table must be called holding this object's monitor;
 * {@link #connection}, {@link #record} and {@link #recordOfToken} read without it (the frame path).
 */
final class SessionTable {

    /** What {@link #makeRoom} answers when every record is live. */
    static final SessionRecord FULL = new SessionRecord(PeerId.of("-"));

    private final MultiSessionManager sessions;
    private final int maxPending;
    private final int maxSessions;
    private final SecureRandom random = new SecureRandom();

    private final Map<ConnectionId, OpenConnection> connections = new ConcurrentHashMap<>();
    private final LinkedHashMap<ConnectionId, OpenConnection> pending = new LinkedHashMap<>();
    private final Map<PeerId, SessionRecord> records = new ConcurrentHashMap<>();
    private final Map<String, SessionRecord> byToken = new ConcurrentHashMap<>();
    private final LinkedHashSet<SessionRecord> waiting = new LinkedHashSet<>();
    private int livePlayers;
    private boolean stopped;

    SessionTable(MultiSessionManager sessions, int maxPending, int maxSessions) {
        this.sessions = sessions;
        this.maxPending = maxPending;
        this.maxSessions = maxSessions;
    }

    // ---- lock-free reads

    OpenConnection connection(ConnectionId id) {
        return connections.get(id);
    }

    SessionRecord record(PeerId peer) {
        return records.get(peer);
    }

    SessionRecord recordOfToken(String tokenHex) {
        return byToken.get(tokenHex);
    }

    int connections() {
        return connections.size();
    }

    int records() {
        return records.size();
    }

    int tokens() {
        return byToken.size();
    }

    // ---- under the lock

    boolean stopped() {
        return stopped;
    }

    void stop() {
        stopped = true;
    }

    int livePlayers() {
        return livePlayers;
    }

    int pending() {
        return pending.size();
    }

    /** Adds a connection bound at once (named transports). */
    void open(OpenConnection conn) {
        connections.put(conn.id, conn);
    }

    /** Adds a connection that must log in; returns the longest-waiting one when the queue overflows. */
    OpenConnection openPending(OpenConnection conn) {
        connections.put(conn.id, conn);
        pending.put(conn.id, conn);
        if (pending.size() <= maxPending) {
            return null;
        }
        Iterator<OpenConnection> oldest = pending.values().iterator();
        OpenConnection evicted = oldest.next();
        oldest.remove();
        return evicted;
    }

    /** Removes a closed connection; returns the record it was bound to, when it was, now unbound. */
    SessionRecord close(ConnectionId id) {
        OpenConnection conn = connections.remove(id);
        if (conn == null) {
            return null;
        }
        pending.remove(id);
        SessionRecord record = conn.session;
        conn.session = null;
        if (record != null && record.bound == conn) {
            unbind(record);
            return record;
        }
        return null;
    }

    /** Puts a connection whose login fell through back in the queue, if it is still open. */
    void requeue(OpenConnection conn) {
        if (!stopped && connections.containsKey(conn.id)) {
            pending.put(conn.id, conn);
        }
    }

    /** Removes and returns the pending connections whose deadline passed; {@code next[0]} gets ms to the next. */
    List<OpenConnection> expire(long nowMs, long[] next) {
        List<OpenConnection> expired = new ArrayList<>();
        next[0] = Long.MAX_VALUE;
        Iterator<OpenConnection> it = pending.values().iterator();
        while (it.hasNext()) {
            OpenConnection conn = it.next();
            long left = conn.loginDeadlineMs - nowMs;
            if (left > 0) {
                next[0] = left;
                break;
            }
            it.remove();
            expired.add(conn);
        }
        return expired;
    }

    /** Room for one more record: null when there is some, a waiting record taken out, or {@link #FULL}. */
    SessionRecord makeRoom() {
        if (records.size() < maxSessions) {
            return null;
        }
        Iterator<SessionRecord> oldest = waiting.iterator();
        if (!oldest.hasNext()) {
            return FULL;
        }
        SessionRecord victim = oldest.next();
        oldest.remove();
        forget(victim);
        return victim;
    }

    /** A record for a new session, and the session in the coordinator (which publishes nothing). */
    SessionRecord create(PeerId peer) {
        SessionRecord record = new SessionRecord(peer);
        records.put(peer, record);
        sessions.getOrCreate(peer);
        return record;
    }

    /** Gives the record a fresh token; the old one stops working. */
    void issueToken(SessionRecord record) {
        byte[] token = new byte[ProtocolMessage.TOKEN_BYTES];
        random.nextBytes(token);
        if (record.tokenHex != null) {
            byToken.remove(record.tokenHex);
        }
        record.token = token;
        record.tokenHex = HexFormat.of().formatHex(token);
        record.confirmed = false;
        byToken.put(record.tokenHex, record);
    }

    /** Binds {@code conn} to {@code record}; returns the connection it replaces, if any. */
    OpenConnection bind(SessionRecord record, OpenConnection conn) {
        OpenConnection previous = record.bound;
        if (previous == conn) {
            return null;
        }
        if (previous == null) {
            livePlayers++;
            waiting.remove(record);
        } else {
            previous.session = null;
        }
        record.bound = conn;
        record.newestAcceptOrder = Math.max(record.newestAcceptOrder, conn.acceptOrder);
        conn.session = record;
        pending.remove(conn.id);
        return previous;
    }

    /** Takes the record's connection away (it is being closed); returns it, or null. */
    OpenConnection release(SessionRecord record) {
        OpenConnection conn = record.bound;
        if (conn != null) {
            unbind(record);
            conn.session = null;
        }
        return conn;
    }

    private void unbind(SessionRecord record) {
        if (record.bound != null) {
            record.bound = null;
            livePlayers--;
            if (records.get(record.peer) == record) {
                waiting.add(record);
            }
        }
    }

    /** Drops a record and its token. */
    void forget(SessionRecord record) {
        records.remove(record.peer, record);
        waiting.remove(record);
        if (record.tokenHex != null) {
            byToken.remove(record.tokenHex, record);
        }
    }

    void clear() {
        connections.clear();
        pending.clear();
        records.clear();
        byToken.clear();
        waiting.clear();
        livePlayers = 0;
    }
}
