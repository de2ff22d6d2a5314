package dev.peerlife.runtime.internal;

import dev.peerlife.internal.Outbox;
import dev.peerlife.lifecycle.LifecycleClock;
import dev.peerlife.lifecycle.LifecycleEventKind;
import dev.peerlife.lifecycle.MultiSessionManager;
import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.lifecycle.SessionEvent;
import dev.peerlife.lifecycle.SessionRemoved;
import dev.peerlife.runtime.Admission;
import dev.peerlife.runtime.LoginAuthenticator;
import dev.peerlife.runtime.ServerHostHooks;
import dev.peerlife.runtime.internal.LoginRules.Decision;
import dev.peerlife.runtime.internal.LoginRules.Kind;
import dev.peerlife.transport.ConnectionId;
import dev.peerlife.transport.Envelope;
import dev.peerlife.transport.EnvelopeCodec;
import dev.peerlife.transport.MalformedFrameException;
import dev.peerlife.transport.SessionBound;
import dev.peerlife.transport.Transport;
import dev.peerlife.wire.PlayerIds;
import dev.peerlife.wire.ProtocolCodec;
import dev.peerlife.wire.ProtocolMessage;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The server's wire session layer: which connection belongs to which session. It tracks every
 * open reliable connection ({@link SessionTable}), decides logins and resumes by the rules of
 * docs/identity-and-reconnect.md ({@link LoginRules}), issues and checks session tokens, runs
 * admission at login, and enforces the budgets of a server that faces the internet (connections
 * waiting to log in, their login deadline, a decaying budget of bad frames per connection
 * ({@link FrameBudget}), a bounded session table). Frames reach the lifecycle and the handlers only
 * from a connection bound to a session. The host composes it with the transports, the coordinator
 * and the router; it is not public API.
 *
 * <p>Two kinds of connection. A transport whose connection ids name the peer (the in-memory
 * network) binds each connection to the session of that name at connect, with admission there. An
 * anonymous transport (TCP) leaves each connection pending until a LoginRequest binds it; no
 * session exists for a pending connection, so nothing is published until a login succeeds.
 *
 * <p>Threading: transport events arrive on transport threads (one connection's events in order),
 * {@link #expireLogins} on the host's loop, the rest from any thread. The table's lock guards its
 * changes; reads on the frame path take no lock. No lifecycle input, listener, authenticator or I/O
 * runs under the lock, except {@link MultiSessionManager#getOrCreate}, which publishes nothing.
 *
 * <p>On an anonymous transport, the lifecycle side of each binding change is one step, queued
 * under the table's lock on the outbox of the peer's stripe and run after it is released, by
 * whichever thread drains that outbox: a bound connection closed (TransportDisconnected); a login
 * bound (the older connection superseded, transport restored, LoginStarted, LoginSucceeded, the
 * answer); a timed-out session's connection released. So the lifecycle sees a peer's binding
 * changes in the order the table made them, even when the thread that closed one connection is
 * slower than the one that logged in on the next; a transport callback may return before its step
 * has run (another thread is draining), and the answer to a login may be sent from that thread. On a
 * named transport (a connection per peer name, in order) each step runs on its own thread right
 * after the lock, as before.
 */
public final class WireSessions {

    static final String SUPERSEDED = "superseded by a newer connection";
    private static final int STEP_STRIPES = 64;
    private static final System.Logger LOG = System.getLogger(WireSessions.class.getName());

    /** Limits; see the host builder for their meaning and defaults. */
    public record Limits(long loginTimeoutMs, int maxPendingLogins, int maxSessions, int maxMalformedFrames,
                         long malformedDecayMs, int maxFrameBytes) {
    }

    private final MultiSessionManager sessions;
    private final Transport reliable;
    private final BiConsumer<PeerId, Envelope> deliver;
    private final ServerHostHooks hooks;
    private final LoginAuthenticator authenticator;
    private final LifecycleClock clock;
    private final LongSupplier serverTick;
    private final Function<ConnectionId, PeerId> identity;
    private final boolean named;
    private final Limits limits;
    private final SessionTable table;

    private final AtomicLong nextAcceptOrder = new AtomicLong();
    private final AtomicLong refusedConnections = new AtomicLong();
    private final AtomicLong refusedLogins = new AtomicLong();
    private final AtomicLong malformedFrames = new AtomicLong();
    private final AtomicLong unknownSyncFrames = new AtomicLong();
    private final AtomicLong framesWithoutConnection = new AtomicLong();
    private final AtomicBoolean warnedFrameWithoutConnection = new AtomicBoolean();
    /** Binding steps per peer stripe, queued under the table's lock; see the class comment. */
    @SuppressWarnings("unchecked")
    private final Outbox<Runnable>[] steps = new Outbox[STEP_STRIPES];
    /** Test seam: runs between a close's table change and the lifecycle input it causes. */
    volatile Consumer<ConnectionId> closeProbe = id -> { };

    public WireSessions(MultiSessionManager sessions, Transport reliable, BiConsumer<PeerId, Envelope> deliver,
                        ServerHostHooks hooks, LoginAuthenticator authenticator, LifecycleClock clock, LongSupplier serverTick,
                        Function<ConnectionId, PeerId> identity, Limits limits) {
        this.sessions = sessions;
        this.reliable = reliable;
        this.deliver = deliver;
        this.hooks = hooks;
        this.authenticator = authenticator;
        this.clock = clock;
        this.serverTick = serverTick;
        this.identity = identity;
        this.named = reliable.connectionsIdentifyPeers();
        this.limits = limits;
        this.table = new SessionTable(sessions, limits.maxPendingLogins(), limits.maxSessions());
        for (int i = 0; i < STEP_STRIPES; i++) {
            steps[i] = new Outbox<>(Runnable::run);
        }
    }

    private Outbox<Runnable> stepsOf(PeerId peer) {
        return steps[(peer.hashCode() & 0x7fffffff) % STEP_STRIPES];
    }

    /** Under the table's lock: queues a binding step, or on a named transport hands it back to run after the lock. */
    private Runnable queue(PeerId peer, Runnable step) {
        if (named) {
            return step;
        }
        stepsOf(peer).add(step);
        return null;
    }

    /** After the table's lock: runs the step {@link #queue} handed back, else drains the peer's steps. */
    private void runSteps(PeerId peer, Runnable handedBack) {
        if (handedBack != null) {
            handedBack.run();
        } else {
            stepsOf(peer).drain();
        }
    }

    private OpenConnection newConnection(ConnectionId id, long acceptOrder, long deadlineMs) {
        return new OpenConnection(id, acceptOrder > 0 ? acceptOrder : nextAcceptOrder.incrementAndGet(), deadlineMs,
                new FrameBudget(limits.maxMalformedFrames(), limits.malformedDecayMs()));
    }

    // ---- connections

    /**
     * A reliable connection opened; {@code acceptOrder} (> 0) is its place in the order the
     * transport accepted connections, or 0 when the transport does not tell (then the order of
     * these calls is taken). A resume or claim from an older connection never takes over a newer one.
     */
    public void onConnected(ConnectionId id, long acceptOrder) {
        if (named) {
            connectNamed(id, acceptOrder);
            return;
        }
        long nowMs = clock.nowMs();
        OpenConnection conn = newConnection(id, acceptOrder,
                limits.loginTimeoutMs() > 0 ? nowMs + limits.loginTimeoutMs() : Long.MAX_VALUE);
        OpenConnection evicted;
        synchronized (table) {
            if (table.stopped()) {
                evicted = conn;
            } else {
                evicted = table.openPending(conn);
            }
        }
        if (evicted == conn) {
            reliable.close(id, "server stopping");
        } else if (evicted != null) {
            refusedConnections.incrementAndGet();
            closeWithNotice(evicted.id, "login queue full: more than " + limits.maxPendingLogins()
                    + " connections waiting to log in");
        }
    }

    private void connectNamed(ConnectionId id, long acceptOrder) {
        PeerId peer = identity.apply(id);
        OpenConnection conn = newConnection(id, acceptOrder, Long.MAX_VALUE);
        String refusal = null;
        SessionRecord victim = null;
        Runnable step = null;
        synchronized (table) {
            SessionRecord record = table.record(peer);
            if (table.stopped()) {
                refusal = "server stopping";
            } else if (record == null) {
                Admission admission = hooks.admit(peer, table.livePlayers());
                victim = admission.accepted() ? table.makeRoom() : null;
                if (!admission.accepted()) {
                    refusal = "admission refused: " + admission.reason();
                } else if (victim == SessionTable.FULL) {
                    refusal = "admission refused: server full: " + table.records() + " sessions";
                    victim = null;
                } else {
                    record = table.create(peer);
                }
            }
            if (refusal == null) {
                table.open(conn);
                OpenConnection older = table.bind(record, conn);
                step = queue(peer, () -> {
                    if (older != null) {
                        reliable.close(older.id, "superseded by a new connection of " + peer);
                    }
                    sessions.onTransportRestored(peer);
                });
            }
        }
        if (refusal != null) {
            if (!table.stopped()) {
                refusedConnections.incrementAndGet();
            }
            closeWithNotice(id, refusal);
            return;
        }
        removeVictim(victim);
        runSteps(peer, step);
    }

    /** A reliable connection closed, by either side. */
    public void onDisconnected(ConnectionId id, String reason) {
        SessionRecord lost;
        Runnable step = null;
        synchronized (table) {
            lost = table.close(id);
            if (lost != null) {
                step = queue(lost.peer, () -> sessions.onTransportDisconnected(lost.peer, reason));
            }
        }
        closeProbe.accept(id);
        if (lost != null) {
            runSteps(lost.peer, step);
        }
    }

    /** The transport dropped bytes of a connection it could not frame. */
    public void onMalformed(ConnectionId id, String reason) {
        OpenConnection conn = table.connection(id);
        if (conn != null) {
            badFrame(conn, reason);
        }
    }

    /**
     * One frame (an envelope's bytes) from a reliable connection. A frame from a connection the
     * transport never reported (or already reported closed) is not taken as a connection: it is
     * dropped and counted, and the first one is logged, because a reliable transport must report
     * {@code onConnected} before a connection's frames (docs/threading.md). Accepting it would let a
     * late frame racing a close bring back a connection, and a session, the host just removed.
     */
    public void onReceive(ConnectionId id, byte[] frame) {
        OpenConnection conn = table.connection(id);
        if (conn == null) {
            frameWithoutConnection(id);
            return;
        }
        SessionRecord record = conn.session;
        if (ProtocolCodec.isHeartbeatFrame(frame)) {
            if (record == null) {
                badFrame(conn, "heartbeat before login");
            } else {
                heartbeat(conn, record, ProtocolCodec.longAt(frame, 3), ProtocolCodec.longAt(frame, 11));
            }
            return;
        }
        Envelope envelope;
        try {
            envelope = EnvelopeCodec.decode(frame, limits.maxFrameBytes());
        } catch (MalformedFrameException e) {
            badFrame(conn, e.getMessage());
            return;
        }
        if (!ProtocolCodec.isProtocolType(envelope.type())) {
            if (record == null) {
                badFrame(conn, "message before login");
            } else if (activity(record.peer)) {
                deliver.accept(record.peer, envelope);
            }
            return;
        }
        ProtocolMessage message;
        try {
            message = ProtocolCodec.decode(envelope);
        } catch (MalformedFrameException e) {
            badFrame(conn, e.getMessage());
            return;
        }
        if (message instanceof ProtocolMessage.LoginRequest login) {
            login(conn, login);
        } else if (message instanceof ProtocolMessage.Disconnect disconnect) {
            reliable.close(conn.id, "peer disconnected: " + PlayerIds.printable(disconnect.reason()));
        } else {
            badFrame(conn, "a client may not send " + message.getClass().getSimpleName());
        }
    }

    private void heartbeat(OpenConnection conn, SessionRecord record, long clientTimeMs, long lastRttMs) {
        PeerId peer = record.peer;
        if (named) {
            sessions.onTransportRestored(peer);
        }
        long tick = serverTick.getAsLong();
        if (!sessions.onHeartbeatReceived(peer, tick)) {
            return; // the session is not live (closing after a timeout): no ack; the client reconnects
        }
        if (!record.confirmed) {
            record.confirmed = true; // a client heartbeats only once it holds the accept, and its token
        }
        if (lastRttMs >= 0) {
            record.reportedRttMs = lastRttMs;
        }
        reliable.send(conn.id, ProtocolCodec.heartbeatAckFrame(clientTimeMs, tick));
    }

    /** Inbound traffic of a bound session: named sessions resume on it (REF-6), wire ones refresh. */
    private boolean activity(PeerId peer) {
        return named ? sessions.onTransportRestored(peer) : sessions.onInboundActivity(peer);
    }

    private void frameWithoutConnection(ConnectionId id) {
        framesWithoutConnection.incrementAndGet();
        if (!table.stopped() && warnedFrameWithoutConnection.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "dropped a frame from connection " + PlayerIds.printable(id.value())
                    + ", which the reliable transport " + reliable.getClass().getName() + " never reported as"
                    + " connected (or already reported closed); a transport must call onConnected before"
                    + " delivering a connection's frames. Counted in WireStats.framesWithoutConnection;"
                    + " logged once.");
        }
    }

    /** Counts a bad frame; past the connection's budget, closes it with the reason. */
    private void badFrame(OpenConnection conn, String why) {
        malformedFrames.incrementAndGet();
        long count = conn.badFrames.incrementAndGet();
        SessionRecord record = conn.session;
        if (record != null) {
            record.badFrames.incrementAndGet();
        }
        if (!conn.budget.spend(clock.nowMs())) {
            closeWithNotice(conn.id, "too many malformed frames (" + count + "; last: " + PlayerIds.printable(why) + ")");
        }
    }

    // ---- login

    private void login(OpenConnection conn, ProtocolMessage.LoginRequest request) {
        Decision first;
        synchronized (table) {
            first = LoginRules.decide(table, conn, request, named);
        }
        if (first.kind() == Kind.REFUSE) {
            refuseLogin(conn, first.reason());
            return;
        }
        if (first.kind() == Kind.NAMED) {
            loginNamed(conn, first.record(), request);
            return;
        }
        if (first.fresh()) {
            Admission authenticated = authenticator.authenticate(request.playerId());
            if (!authenticated.accepted()) {
                refuseLogin(conn, authenticated.reason());
                return;
            }
        }
        SessionRecord record = null;
        SessionRecord victim = null;
        Runnable step = null;
        Decision now;
        synchronized (table) {
            now = LoginRules.decide(table, conn, request, named);
            if (now.kind() != Kind.REFUSE && now.kind() != first.kind() && !(first.fresh() && now.fresh())) {
                now = Decision.refuse("login raced with another; try again");
            }
            if (now.kind() == Kind.NEW) {
                Admission admission = hooks.admit(now.peer(), table.livePlayers());
                victim = admission.accepted() ? table.makeRoom() : null;
                if (!admission.accepted()) {
                    refusedConnections.incrementAndGet();
                    now = Decision.refuse(admission.reason());
                } else if (victim == SessionTable.FULL) {
                    victim = null;
                    refusedConnections.incrementAndGet();
                    now = Decision.refuse("server full: " + table.records() + " sessions");
                }
            }
            if (now.kind() != Kind.REFUSE) {
                record = now.kind() == Kind.NEW ? table.create(now.peer()) : now.record();
                if (now.kind() == Kind.RESUME) {
                    record.confirmed = true;
                } else {
                    table.issueToken(record);
                }
                SessionRecord bound = record;
                byte[] token = record.token;
                OpenConnection previous = table.bind(record, conn);
                step = queue(record.peer, () -> completeLogin(conn, bound, previous, token));
            }
        }
        if (now.kind() == Kind.REFUSE) {
            refuseLogin(conn, now.reason());
            return;
        }
        removeVictim(victim);
        runSteps(record.peer, step);
    }

    /** The lifecycle side of a login the table bound; a binding step (see the class comment). */
    private void completeLogin(OpenConnection conn, SessionRecord record, OpenConnection previous, byte[] token) {
        PeerId peer = record.peer;
        if (previous != null) {
            sessions.onTransportDisconnected(peer, SUPERSEDED);
            closeWithNotice(previous.id, SUPERSEDED);
        }
        sessions.onTransportRestored(peer);
        sessions.onLoginStarted(peer);
        if (!sessions.onLoginSucceeded(peer)) {
            // The session went away meanwhile (evicted, removed, or the host stopped).
            synchronized (table) {
                if (record.bound == conn) {
                    table.release(record);
                }
                table.requeue(conn);
            }
            refuseLogin(conn, LoginRules.INVALID_TOKEN);
            return;
        }
        reply(conn.id, new ProtocolMessage.LoginAccepted(peer.value(), token));
    }

    /** A login on a named connection: the lifecycle's own login, decided by the authenticator. */
    private void loginNamed(OpenConnection conn, SessionRecord record, ProtocolMessage.LoginRequest request) {
        PeerId peer = record.peer;
        sessions.onLoginStarted(peer);
        Admission authenticated = authenticator.authenticate(request.playerId());
        if (!authenticated.accepted()) {
            sessions.onLoginFailed(peer, authenticated.reason());
            refuseLogin(conn, authenticated.reason());
            return;
        }
        byte[] token;
        synchronized (table) {
            if (record.token == null) {
                table.issueToken(record);
            }
            token = record.token;
        }
        sessions.onLoginSucceeded(peer);
        reply(conn.id, new ProtocolMessage.LoginAccepted(peer.value(), token));
    }

    private void refuseLogin(OpenConnection conn, String reason) {
        refusedLogins.incrementAndGet();
        reply(conn.id, new ProtocolMessage.LoginRejected(reason));
        if (!conn.budget.spend(clock.nowMs())) {
            closeWithNotice(conn.id, "too many refused logins (last: " + reason + ")");
        }
    }

    private void removeVictim(SessionRecord victim) {
        if (victim != null) {
            sessions.remove(victim.peer, "session table full: the longest-waiting session made room for a new player");
        }
    }

    // ---- lifecycle reactions

    /**
     * A session event: on an anonymous transport, a session that times out loses its connection
     * (it failed the liveness contract; a slow or silent peer must log in again to resume). The
     * session keeps its reconnect states, which on the server mean "waiting for the peer".
     */
    public void onEvent(SessionEvent event) {
        if (named || event.event().kind() != LifecycleEventKind.TIMED_OUT) {
            return;
        }
        PeerId peer = event.peer();
        String reason = event.event().reason() == null ? "timed out" : event.event().reason();
        synchronized (table) {
            SessionRecord record = table.record(peer);
            OpenConnection timedOut = record == null ? null : record.bound;
            if (timedOut == null) {
                return;
            }
            // The connection bound now: a login binding a newer one meanwhile is a step queued before this.
            stepsOf(peer).add(() -> releaseTimedOut(record, timedOut, reason));
        }
        stepsOf(peer).drain();
    }

    /**
     * A binding step: closes the connection of a session that timed out, unless a login has bound
     * another one or brought the session back to a live state since.
     */
    private void releaseTimedOut(SessionRecord record, OpenConnection conn, String reason) {
        if (sessions.lookup(record.peer).map(s -> s.state().isLive()).orElse(false)) {
            return;
        }
        boolean released;
        synchronized (table) {
            released = record.bound == conn && table.release(record) != null;
        }
        if (released) {
            closeWithNotice(conn.id, reason);
        }
    }

    /** A session left the coordinator: forget its token and close its connection with the reason. */
    public void onRemoved(SessionRemoved removed) {
        OpenConnection bound = null;
        synchronized (table) {
            SessionRecord record = table.record(removed.peer());
            if (record != null) {
                bound = table.release(record);
                table.forget(record);
            }
        }
        if (bound != null) {
            if (named) {
                reliable.close(bound.id, removed.reason());
            } else {
                closeWithNotice(bound.id, removed.reason());
            }
        }
    }

    /** Closes connections whose login deadline passed; returns ms until the next deadline. */
    public long expireLogins() {
        long[] next = new long[1];
        List<OpenConnection> expired;
        synchronized (table) {
            expired = table.expire(clock.nowMs(), next);
        }
        for (OpenConnection conn : expired) {
            closeWithNotice(conn.id, "login timeout: no login within " + limits.loginTimeoutMs() + " ms");
        }
        return next[0];
    }

    /** Refuses every later connect and login; the host then closes its coordinator and transports. */
    public void stop() {
        synchronized (table) {
            table.stop();
        }
    }

    /** Forgets every connection; after the transports stopped. */
    public void clear() {
        synchronized (table) {
            table.clear();
        }
    }

    // ---- sync lane

    /** One datagram of the sync lane; it names its session by token (UDP) or by the peer's name. */
    public void onSyncReceive(ConnectionId id, byte[] frame) {
        String value = id.value();
        SessionRecord record;
        boolean byToken = value.startsWith(SessionBound.TOKEN_CONNECTION_PREFIX);
        if (byToken) {
            int at = value.indexOf('@');
            record = table.recordOfToken(value.substring(SessionBound.TOKEN_CONNECTION_PREFIX.length(), at < 0 ? value.length() : at));
        } else {
            record = table.record(identity.apply(id));
        }
        OpenConnection conn = record == null ? null : record.bound;
        if (conn == null) {
            unknownSyncFrames.incrementAndGet();
            return;
        }
        if (byToken && !record.confirmed) {
            record.confirmed = true;
        }
        record.syncConnection = id;
        Envelope envelope;
        try {
            envelope = EnvelopeCodec.decode(frame, limits.maxFrameBytes());
        } catch (MalformedFrameException e) {
            badFrame(conn, "sync lane: " + e.getMessage());
            return;
        }
        if (ProtocolCodec.isProtocolType(envelope.type())) {
            badFrame(conn, "a lifecycle message (type " + envelope.type() + ") on the sync lane");
            return;
        }
        if (activity(record.peer)) {
            deliver.accept(record.peer, envelope);
        }
    }

    /** A datagram the sync transport could not read at all. */
    public void onSyncMalformed() {
        unknownSyncFrames.incrementAndGet();
    }

    // ---- sending

    /** The reliable connection bound to {@code peer}, if any. */
    public ConnectionId connectionOf(PeerId peer) {
        SessionRecord record = table.record(peer);
        OpenConnection conn = record == null ? null : record.bound;
        return conn == null ? null : conn.id;
    }

    /** Where the peer's sync traffic last came from, else its reliable connection, else null. */
    public ConnectionId syncConnectionOf(PeerId peer) {
        SessionRecord record = table.record(peer);
        OpenConnection conn = record == null ? null : record.bound;
        if (conn == null) {
            return null;
        }
        ConnectionId syncId = record.syncConnection;
        return syncId != null ? syncId : conn.id;
    }

    /** Closes a connection bound to {@code peer} (when its session is already gone). */
    public void closeConnectionOf(PeerId peer, String reason) {
        ConnectionId id = connectionOf(peer);
        if (id != null) {
            reliable.close(id, reason);
        }
    }

    private void reply(ConnectionId id, ProtocolMessage message) {
        reliable.send(id, EnvelopeCodec.encode(ProtocolCodec.encode(message)));
    }

    /** Tells the peer why, then closes its connection. */
    private void closeWithNotice(ConnectionId id, String reason) {
        reply(id, new ProtocolMessage.Disconnect(reason));
        reliable.close(id, reason);
    }

    // ---- observation

    /** Bad frames counted for {@code peer}'s current session. */
    public long malformedFrames(PeerId peer) {
        SessionRecord record = table.record(peer);
        return record == null ? 0 : record.badFrames.get();
    }

    /** The RTT the peer's client last reported in a heartbeat, or -1. */
    public long reportedRttMs(PeerId peer) {
        SessionRecord record = table.record(peer);
        return record == null ? -1 : record.reportedRttMs;
    }

    public long malformedFrames() {
        return malformedFrames.get();
    }

    public long unknownSyncFrames() {
        return unknownSyncFrames.get();
    }

    public long framesWithoutConnection() {
        return framesWithoutConnection.get();
    }

    public long refusedConnections() {
        return refusedConnections.get();
    }

    public long refusedLogins() {
        return refusedLogins.get();
    }

    public int openConnections() {
        return table.connections();
    }

    public int pendingLogins() {
        synchronized (table) {
            return table.pending();
        }
    }

    public int sessionRecords() {
        return table.records();
    }

    public int tokens() {
        return table.tokens();
    }

    public int livePlayers() {
        synchronized (table) {
            return table.livePlayers();
        }
    }
}
