package dev.peerlife.runtime.internal;

import dev.peerlife.lifecycle.LifecycleClock;
import dev.peerlife.lifecycle.LifecycleEventKind;
import dev.peerlife.lifecycle.MultiSessionManager;
import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.lifecycle.SessionEvent;
import dev.peerlife.lifecycle.SessionRemoved;
import dev.peerlife.runtime.Admission;
import dev.peerlife.runtime.LoginAuthenticator;
import dev.peerlife.runtime.ServerHostHooks;
import dev.peerlife.transport.ConnectionId;
import dev.peerlife.transport.Envelope;
import dev.peerlife.transport.EnvelopeCodec;
import dev.peerlife.transport.MalformedFrameException;
import dev.peerlife.transport.SessionBound;
import dev.peerlife.transport.Transport;
import dev.peerlife.wire.PlayerIds;
import dev.peerlife.wire.ProtocolCodec;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The server's wire session layer: which connection belongs to which session. It holds every open
 * reliable connection, decides logins and resumes by the rules of docs/identity-and-reconnect.md,
 * issues and checks session tokens, runs admission at login, and enforces the budgets of a server
 * that faces the internet (connections waiting to log in, their login deadline, a decaying budget of
 * bad frames per connection, a bounded session table). Frames reach the lifecycle and the handlers
 * only from a connection bound to a session. The host composes it with the transports, the
 * coordinator and the router; it is not public API.
 *
 * <p>Two kinds of connection. A transport whose connection ids name the peer (the in-memory
 * network) binds each connection to the session of that name at connect, with admission there. An
 * anonymous transport (TCP) leaves each connection pending until a LoginRequest binds it; no
 * session exists for a pending connection, so nothing is published until a login succeeds.
 *
 * <p>Threading: transport events arrive on transport threads (one connection's events in order),
 * {@link #expireLogins} on the host's loop, the rest from any thread. One lock guards the tables;
 * reads on the frame path are lock-free. No lifecycle input, listener, authenticator or I/O runs
 * under the lock, except {@link MultiSessionManager#getOrCreate}, which publishes nothing.
 */
public final class WireSessions {

    static final String INVALID_TOKEN = "invalid or expired session token";
    static final String STALE = "a newer connection holds this session";
    static final String SUPERSEDED = "superseded by a newer connection";

    /** Limits; see the host builder for their meaning and defaults. */
    public record Limits(long loginTimeoutMs, int maxPendingLogins, int maxSessions, int maxMalformedFrames,
                         long malformedDecayMs, int maxFrameBytes) {
    }

    /** One open reliable connection. */
    private static final class Conn {
        final ConnectionId id;
        final long seq;
        final long deadlineMs;
        final FrameBudget budget;
        final AtomicLong malformed = new AtomicLong();
        /** The session this connection is bound to; null while pending or after it was released. */
        volatile Seat seat;

        Conn(ConnectionId id, long seq, long deadlineMs, FrameBudget budget) {
            this.id = id;
            this.seq = seq;
            this.deadlineMs = deadlineMs;
            this.budget = budget;
        }
    }

    /** One session's wire state: its token, its connection, what it proved. */
    private static final class Seat {
        final PeerId peer;
        final AtomicLong malformed = new AtomicLong();
        String tokenHex;
        byte[] token;
        /** The client showed it holds the token (resumed with it, heartbeat after the accept, a datagram). */
        volatile boolean confirmed;
        /** The connection bound now, or null; guarded by the lock. */
        Conn bound;
        /** The accept order of the newest connection ever bound; an older one can never take over. */
        long lastSeq = -1;
        volatile ConnectionId syncConnection;
        volatile long reportedRttMs = -1;

        Seat(PeerId peer) {
            this.peer = peer;
        }
    }

    private final MultiSessionManager sessions;
    private final Transport reliable;
    private final Transport sync;
    private final BiConsumer<PeerId, Envelope> deliver;
    private final ServerHostHooks hooks;
    private final LoginAuthenticator authenticator;
    private final LifecycleClock clock;
    private final LongSupplier serverTick;
    private final Function<ConnectionId, PeerId> identity;
    private final boolean named;
    private final Limits limits;
    private final SecureRandom random = new SecureRandom();

    private final Object lock = new Object();
    private boolean stopped;
    /** Every open reliable connection; written under the lock, read without. */
    private final Map<ConnectionId, Conn> connections = new ConcurrentHashMap<>();
    /** Pending connections in connect order, which is their login-deadline order. Lock. */
    private final LinkedHashMap<ConnectionId, Conn> pending = new LinkedHashMap<>();
    /** Sessions this layer knows; written under the lock, read without. */
    private final Map<PeerId, Seat> seats = new ConcurrentHashMap<>();
    private final Map<String, Seat> seatOfToken = new ConcurrentHashMap<>();
    /** Seats with no connection, the longest-waiting first: the first to go when the table is full. Lock. */
    private final LinkedHashSet<Seat> unbound = new LinkedHashSet<>();
    /** Seats with a connection bound: what admission counts. Lock. */
    private int livePlayers;

    private final AtomicLong nextSeq = new AtomicLong();
    private final AtomicLong refusedConnections = new AtomicLong();
    private final AtomicLong refusedLogins = new AtomicLong();
    private final AtomicLong malformedFrames = new AtomicLong();
    private final AtomicLong unknownSyncFrames = new AtomicLong();

    public WireSessions(MultiSessionManager sessions, Transport reliable, Transport sync, BiConsumer<PeerId, Envelope> deliver,
                        ServerHostHooks hooks, LoginAuthenticator authenticator, LifecycleClock clock, LongSupplier serverTick,
                        Function<ConnectionId, PeerId> identity, Limits limits) {
        this.sessions = sessions;
        this.reliable = reliable;
        this.sync = sync;
        this.deliver = deliver;
        this.hooks = hooks;
        this.authenticator = authenticator;
        this.clock = clock;
        this.serverTick = serverTick;
        this.identity = identity;
        this.named = reliable.connectionsIdentifyPeers();
        this.limits = limits;
    }

    // ---- connections

    /**
     * A reliable connection opened; {@code acceptOrder} (> 0) is its place in the order the
     * transport accepted connections, or 0 when the transport does not tell (then the order of
     * these calls is taken). A resume or claim from an older connection never takes over a newer one.
     */
    public void onConnected(ConnectionId id, long acceptOrder) {
        long seq = acceptOrder > 0 ? acceptOrder : nextSeq.incrementAndGet();
        if (named) {
            connectNamed(id, seq);
            return;
        }
        long nowMs = clock.nowMs();
        Conn conn = new Conn(id, seq, limits.loginTimeoutMs() > 0 ? nowMs + limits.loginTimeoutMs() : Long.MAX_VALUE,
                new FrameBudget(limits.maxMalformedFrames(), limits.malformedDecayMs()));
        Conn evicted = null;
        boolean refused;
        synchronized (lock) {
            refused = stopped;
            if (!refused) {
                connections.put(id, conn);
                pending.put(id, conn);
                if (pending.size() > limits.maxPendingLogins()) {
                    Iterator<Conn> oldest = pending.values().iterator();
                    evicted = oldest.next();
                    oldest.remove();
                }
            }
        }
        if (refused) {
            reliable.close(id, "server stopping");
        } else if (evicted != null) {
            refusedConnections.incrementAndGet();
            closeWithNotice(evicted.id, "login queue full: more than " + limits.maxPendingLogins()
                    + " connections waiting to log in");
        }
    }

    private void connectNamed(ConnectionId id, long seq) {
        PeerId peer = identity.apply(id);
        Conn conn = new Conn(id, seq, Long.MAX_VALUE,
                new FrameBudget(limits.maxMalformedFrames(), limits.malformedDecayMs()));
        String refusal = null;
        Conn previous = null;
        Seat victim = null;
        synchronized (lock) {
            if (stopped) {
                refusal = "server stopping";
            } else {
                Seat seat = seats.get(peer);
                if (seat == null) {
                    Admission admission = hooks.admit(peer, livePlayers);
                    if (!admission.accepted()) {
                        refusal = "admission refused: " + admission.reason();
                    } else {
                        victim = makeRoom();
                        if (victim == MAKE_ROOM_FAILED) {
                            refusal = "admission refused: server full: " + seats.size() + " sessions";
                            victim = null;
                        } else {
                            seat = newSeat(peer);
                        }
                    }
                }
                if (refusal == null) {
                    connections.put(id, conn);
                    previous = bind(seat, conn);
                }
            }
        }
        if (refusal != null) {
            if (!refusal.equals("server stopping")) {
                refusedConnections.incrementAndGet();
            }
            closeWithNotice(id, refusal);
            return;
        }
        removeVictim(victim);
        if (previous != null) {
            reliable.close(previous.id, "superseded by a new connection of " + peer);
        }
        sessions.onTransportRestored(peer);
    }

    /** A reliable connection closed, by either side. */
    public void onDisconnected(ConnectionId id, String reason) {
        Seat lost = null;
        synchronized (lock) {
            Conn conn = connections.remove(id);
            if (conn == null) {
                return;
            }
            pending.remove(id);
            Seat seat = conn.seat;
            if (seat != null && seat.bound == conn) {
                unbind(seat);
                lost = seat;
            }
            conn.seat = null;
        }
        if (lost != null) {
            sessions.onTransportDisconnected(lost.peer, reason);
        }
    }

    /** The transport dropped bytes of a connection it could not frame. */
    public void onMalformed(ConnectionId id, String reason) {
        Conn conn = connections.get(id);
        if (conn != null) {
            violation(conn, reason);
        }
    }

    /** One frame (an envelope's bytes) from a reliable connection. */
    public void onReceive(ConnectionId id, byte[] frame) {
        Conn conn = connections.get(id);
        if (conn == null) {
            return;
        }
        Seat seat = conn.seat;
        if (ProtocolCodec.isHeartbeatFrame(frame)) {
            if (seat == null) {
                violation(conn, "heartbeat before login");
                return;
            }
            heartbeat(conn, seat, ProtocolCodec.longAt(frame, 3), ProtocolCodec.longAt(frame, 11));
            return;
        }
        Envelope envelope;
        try {
            envelope = EnvelopeCodec.decode(frame, limits.maxFrameBytes());
        } catch (MalformedFrameException e) {
            violation(conn, e.getMessage());
            return;
        }
        if (!ProtocolCodec.isProtocolType(envelope.type())) {
            if (seat == null) {
                violation(conn, "message before login");
            } else if (activity(seat.peer)) {
                deliver.accept(seat.peer, envelope);
            }
            return;
        }
        ProtocolMessage message;
        try {
            message = ProtocolCodec.decode(envelope);
        } catch (MalformedFrameException e) {
            violation(conn, e.getMessage());
            return;
        }
        if (message instanceof ProtocolMessage.LoginRequest login) {
            login(conn, login);
        } else if (message instanceof ProtocolMessage.Heartbeat h) {
            if (seat == null) {
                violation(conn, "heartbeat before login");
            } else {
                heartbeat(conn, seat, h.clientTimeMs(), h.lastRttMs());
            }
        } else if (message instanceof ProtocolMessage.Disconnect disconnect) {
            reliable.close(conn.id, "peer disconnected: " + PlayerIds.printable(disconnect.reason()));
        } else {
            violation(conn, "a client may not send " + message.getClass().getSimpleName());
        }
    }

    private void heartbeat(Conn conn, Seat seat, long clientTimeMs, long lastRttMs) {
        PeerId peer = seat.peer;
        if (named) {
            sessions.onTransportRestored(peer);
        }
        long tick = serverTick.getAsLong();
        if (!sessions.onHeartbeatReceived(peer, tick)) {
            return; // the session is not live (closing after a timeout): no ack, the client reconnects
        }
        if (!seat.confirmed) {
            seat.confirmed = true; // a client heartbeats only once it holds the accept, and its token
        }
        if (lastRttMs >= 0) {
            seat.reportedRttMs = lastRttMs;
        }
        reliable.send(conn.id, ProtocolCodec.heartbeatAckFrame(clientTimeMs, tick));
    }

    /** Inbound traffic of a bound session: named sessions resume on it (REF-6), wire ones refresh. */
    private boolean activity(PeerId peer) {
        return named ? sessions.onTransportRestored(peer) : sessions.onInboundActivity(peer);
    }

    /** Counts a bad frame; past the connection's budget, closes it with the reason. */
    private void violation(Conn conn, String why) {
        malformedFrames.incrementAndGet();
        long count = conn.malformed.incrementAndGet();
        Seat seat = conn.seat;
        if (seat != null) {
            seat.malformed.incrementAndGet();
        }
        if (!conn.budget.spend(clock.nowMs())) {
            closeWithNotice(conn.id, "too many malformed frames (" + count + "; last: " + PlayerIds.printable(why) + ")");
        }
    }

    // ---- login

    private enum Kind { REFUSE, NEW, CLAIM, RESUME, NAMED }

    private record Decision(Kind kind, Seat seat, PeerId peer, String reason) {
        static Decision refuse(String reason) {
            return new Decision(Kind.REFUSE, null, null, reason);
        }
    }

    /** The login rules, as a function of the tables; called under the lock. */
    private Decision decide(Conn conn, ProtocolMessage.LoginRequest request) {
        if (stopped) {
            return Decision.refuse("server stopping");
        }
        Seat own = conn.seat;
        if (own != null && !named) {
            return Decision.refuse("already logged in on this connection");
        }
        if (request.resuming()) {
            Seat seat = seatOfToken.get(HexFormat.of().formatHex(request.resumeToken()));
            if (seat == null || !seat.peer.value().equals(request.playerId()) || (named && seat != own)) {
                return Decision.refuse(INVALID_TOKEN);
            }
            if (conn.seq < seat.lastSeq) {
                return Decision.refuse(STALE);
            }
            return new Decision(Kind.RESUME, seat, seat.peer, null);
        }
        if (named) {
            if (own == null || !own.peer.value().equals(request.playerId())) {
                return Decision.refuse("this connection is " + (own == null ? "closing" : own.peer));
            }
            return new Decision(Kind.NAMED, own, own.peer, null);
        }
        String problem = PlayerIds.problem(request.playerId()).orElse(null);
        if (problem != null) {
            return Decision.refuse("invalid player id: " + problem);
        }
        PeerId peer = PeerId.of(request.playerId());
        Seat seat = seats.get(peer);
        if (seat == null) {
            return new Decision(Kind.NEW, null, peer, null);
        }
        if (seat.confirmed) {
            return Decision.refuse("player " + peer + " already has a session; resume it with its token");
        }
        if (conn.seq < seat.lastSeq) {
            return Decision.refuse(STALE);
        }
        return new Decision(Kind.CLAIM, seat, peer, null);
    }

    private void login(Conn conn, ProtocolMessage.LoginRequest request) {
        Decision first;
        synchronized (lock) {
            first = decide(conn, request);
        }
        if (first.kind == Kind.REFUSE) {
            refuseLogin(conn, first.reason);
            return;
        }
        if (first.kind == Kind.NAMED) {
            loginNamed(conn, first.seat, request);
            return;
        }
        if (first.kind != Kind.RESUME) {
            Admission authenticated = authenticator.authenticate(request.playerId());
            if (!authenticated.accepted()) {
                refuseLogin(conn, authenticated.reason());
                return;
            }
        }
        Seat seat;
        Conn previous;
        Seat victim = null;
        byte[] token;
        synchronized (lock) {
            Decision now = decide(conn, request);
            boolean fresh = first.kind == Kind.NEW || first.kind == Kind.CLAIM;
            boolean stillFresh = now.kind == Kind.NEW || now.kind == Kind.CLAIM;
            if (now.kind != Kind.REFUSE && now.kind != first.kind && !(fresh && stillFresh)) {
                now = Decision.refuse("login raced with another; try again");
            }
            if (now.kind == Kind.NEW) {
                Admission admission = hooks.admit(now.peer, livePlayers);
                if (!admission.accepted()) {
                    refusedConnections.incrementAndGet();
                    now = Decision.refuse(admission.reason());
                } else {
                    victim = makeRoom();
                    if (victim == MAKE_ROOM_FAILED) {
                        victim = null;
                        refusedConnections.incrementAndGet();
                        now = Decision.refuse("server full: " + seats.size() + " sessions");
                    }
                }
            }
            if (now.kind == Kind.REFUSE) {
                seat = null;
                previous = null;
                token = null;
            } else {
                seat = now.kind == Kind.NEW ? newSeat(now.peer) : now.seat;
                if (now.kind == Kind.RESUME) {
                    seat.confirmed = true;
                } else {
                    issueToken(seat);
                }
                token = seat.token;
                previous = bind(seat, conn);
            }
            first = now;
        }
        if (first.kind == Kind.REFUSE) {
            refuseLogin(conn, first.reason);
            return;
        }
        removeVictim(victim);
        PeerId peer = seat.peer;
        if (previous != null) {
            sessions.onTransportDisconnected(peer, SUPERSEDED);
            closeWithNotice(previous.id, SUPERSEDED);
        }
        sessions.onTransportRestored(peer);
        sessions.onLoginStarted(peer);
        if (!sessions.onLoginSucceeded(peer)) {
            // The session went away meanwhile (evicted, removed, or the host stopped).
            synchronized (lock) {
                if (seat.bound == conn) {
                    unbind(seat);
                }
                conn.seat = null;
                if (!stopped && connections.containsKey(conn.id)) {
                    pending.put(conn.id, conn);
                }
            }
            refuseLogin(conn, INVALID_TOKEN);
            return;
        }
        reply(conn.id, new ProtocolMessage.LoginAccepted(peer.value(), token));
    }

    /** A login on a named connection: the lifecycle's own login, decided by the authenticator. */
    private void loginNamed(Conn conn, Seat seat, ProtocolMessage.LoginRequest request) {
        PeerId peer = seat.peer;
        sessions.onLoginStarted(peer);
        Admission authenticated = authenticator.authenticate(request.playerId());
        if (!authenticated.accepted()) {
            sessions.onLoginFailed(peer, authenticated.reason());
            refuseLogin(conn, authenticated.reason());
            return;
        }
        byte[] token;
        synchronized (lock) {
            if (seat.token == null) {
                issueToken(seat);
            }
            token = seat.token;
        }
        sessions.onLoginSucceeded(peer);
        reply(conn.id, new ProtocolMessage.LoginAccepted(peer.value(), token));
    }

    private void refuseLogin(Conn conn, String reason) {
        refusedLogins.incrementAndGet();
        reply(conn.id, new ProtocolMessage.LoginRejected(reason));
        if (!conn.budget.spend(clock.nowMs())) {
            closeWithNotice(conn.id, "too many refused logins (last: " + reason + ")");
        }
    }

    // ---- tables (under the lock)

    private static final Seat MAKE_ROOM_FAILED = new Seat(PeerId.of("-"));

    /** Room for one more seat: null when there is room, a waiting seat taken out to make room, or MAKE_ROOM_FAILED. */
    private Seat makeRoom() {
        if (seats.size() < limits.maxSessions()) {
            return null;
        }
        Iterator<Seat> oldest = unbound.iterator();
        if (!oldest.hasNext()) {
            return MAKE_ROOM_FAILED;
        }
        Seat victim = oldest.next();
        oldest.remove();
        forget(victim);
        return victim;
    }

    private Seat newSeat(PeerId peer) {
        Seat seat = new Seat(peer);
        seats.put(peer, seat);
        sessions.getOrCreate(peer);
        return seat;
    }

    private void issueToken(Seat seat) {
        byte[] token = new byte[ProtocolMessage.TOKEN_BYTES];
        random.nextBytes(token);
        if (seat.tokenHex != null) {
            seatOfToken.remove(seat.tokenHex);
        }
        seat.token = token;
        seat.tokenHex = HexFormat.of().formatHex(token);
        seat.confirmed = false;
        seatOfToken.put(seat.tokenHex, seat);
    }

    /** Binds {@code conn} to {@code seat}; returns the connection it replaces, if any. */
    private Conn bind(Seat seat, Conn conn) {
        Conn previous = seat.bound;
        if (previous == conn) {
            return null;
        }
        if (previous == null) {
            livePlayers++;
            unbound.remove(seat);
        } else {
            previous.seat = null;
        }
        seat.bound = conn;
        seat.lastSeq = Math.max(seat.lastSeq, conn.seq);
        conn.seat = seat;
        pending.remove(conn.id);
        return previous;
    }

    private void unbind(Seat seat) {
        if (seat.bound != null) {
            seat.bound = null;
            livePlayers--;
            if (seats.get(seat.peer) == seat) {
                unbound.add(seat);
            }
        }
    }

    private void forget(Seat seat) {
        seats.remove(seat.peer, seat);
        unbound.remove(seat);
        if (seat.tokenHex != null) {
            seatOfToken.remove(seat.tokenHex, seat);
        }
    }

    private void removeVictim(Seat victim) {
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
        Conn released = null;
        synchronized (lock) {
            Seat seat = seats.get(event.peer());
            if (seat != null && seat.bound != null) {
                released = seat.bound;
                unbind(seat);
                released.seat = null;
            }
        }
        if (released != null) {
            closeWithNotice(released.id, event.event().reason() == null ? "timed out" : event.event().reason());
        }
    }

    /** A session left the coordinator: forget its token and close its connection with the reason. */
    public void onRemoved(SessionRemoved removed) {
        Conn bound = null;
        synchronized (lock) {
            Seat seat = seats.get(removed.peer());
            if (seat != null) {
                if (seat.bound != null) {
                    bound = seat.bound;
                    unbind(seat);
                    bound.seat = null;
                }
                forget(seat);
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
        List<Conn> expired = null;
        long delay = Long.MAX_VALUE;
        long nowMs = clock.nowMs();
        synchronized (lock) {
            Iterator<Conn> it = pending.values().iterator();
            while (it.hasNext()) {
                Conn conn = it.next();
                long left = conn.deadlineMs - nowMs;
                if (left > 0) {
                    delay = left;
                    break;
                }
                it.remove();
                if (expired == null) {
                    expired = new ArrayList<>();
                }
                expired.add(conn);
            }
        }
        if (expired != null) {
            for (Conn conn : expired) {
                closeWithNotice(conn.id, "login timeout: no login within " + limits.loginTimeoutMs() + " ms");
            }
        }
        return delay;
    }

    /** Refuses every later connect and login; the host then closes its coordinator and transports. */
    public void stop() {
        synchronized (lock) {
            stopped = true;
        }
    }

    /** Forgets every connection; after the transports stopped. */
    public void clear() {
        synchronized (lock) {
            connections.clear();
            pending.clear();
            seats.clear();
            seatOfToken.clear();
            unbound.clear();
            livePlayers = 0;
        }
    }

    // ---- sync lane

    /** One datagram of the sync lane; it names its session by token (UDP) or by the peer's name. */
    public void onSyncReceive(ConnectionId id, byte[] frame) {
        String value = id.value();
        Seat seat;
        boolean byToken = value.startsWith(SessionBound.TOKEN_CONNECTION_PREFIX);
        if (byToken) {
            int at = value.indexOf('@');
            seat = seatOfToken.get(value.substring(SessionBound.TOKEN_CONNECTION_PREFIX.length(), at < 0 ? value.length() : at));
        } else {
            seat = seats.get(identity.apply(id));
        }
        Conn conn = seat == null ? null : seat.bound;
        if (conn == null) {
            unknownSyncFrames.incrementAndGet();
            return;
        }
        if (byToken && !seat.confirmed) {
            seat.confirmed = true;
        }
        seat.syncConnection = id;
        Envelope envelope;
        try {
            envelope = EnvelopeCodec.decode(frame, limits.maxFrameBytes());
        } catch (MalformedFrameException e) {
            violation(conn, "sync lane: " + e.getMessage());
            return;
        }
        if (ProtocolCodec.isProtocolType(envelope.type())) {
            violation(conn, "a lifecycle message (type " + envelope.type() + ") on the sync lane");
            return;
        }
        if (activity(seat.peer)) {
            deliver.accept(seat.peer, envelope);
        }
    }

    /** A datagram the sync transport could not read at all. */
    public void onSyncMalformed() {
        unknownSyncFrames.incrementAndGet();
    }

    // ---- sending

    /** The reliable connection bound to {@code peer}, if any. */
    public ConnectionId connectionOf(PeerId peer) {
        Seat seat = seats.get(peer);
        Conn conn = seat == null ? null : seat.bound;
        return conn == null ? null : conn.id;
    }

    /** Where the peer's sync traffic last came from, else its reliable connection, else null. */
    public ConnectionId syncConnectionOf(PeerId peer) {
        Seat seat = seats.get(peer);
        if (seat == null || seat.bound == null) {
            return null;
        }
        ConnectionId syncId = seat.syncConnection;
        return syncId != null ? syncId : seat.bound.id;
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

    public long malformedFrames(PeerId peer) {
        Seat seat = seats.get(peer);
        return seat == null ? 0 : seat.malformed.get();
    }

    /** The RTT the peer's client last reported in a heartbeat, or -1. */
    public long reportedRttMs(PeerId peer) {
        Seat seat = seats.get(peer);
        return seat == null ? -1 : seat.reportedRttMs;
    }

    public long malformedFrames() {
        return malformedFrames.get();
    }

    public long unknownSyncFrames() {
        return unknownSyncFrames.get();
    }

    public long refusedConnections() {
        return refusedConnections.get();
    }

    public long refusedLogins() {
        return refusedLogins.get();
    }

    public int openConnections() {
        return connections.size();
    }

    public int pendingLogins() {
        synchronized (lock) {
            return pending.size();
        }
    }

    public int seats() {
        return seats.size();
    }

    public int tokens() {
        return seatOfToken.size();
    }

    public int livePlayers() {
        synchronized (lock) {
            return livePlayers;
        }
    }
}
