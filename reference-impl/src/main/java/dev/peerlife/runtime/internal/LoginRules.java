package dev.peerlife.runtime.internal;

import dev.peerlife.lifecycle.PeerId;
import dev.peerlife.wire.PlayerIds;
import dev.peerlife.wire.ProtocolMessage;

import java.util.HexFormat;

/**
 * The login and resume rules of docs/identity-and-reconnect.md as one function of the tables: what
 * a LoginRequest on a connection leads to. Called holding the table's lock, once before the
 * authenticator runs and once after (the tables may have changed meanwhile).
 */
final class LoginRules {

    static final String INVALID_TOKEN = "invalid or expired session token";
    static final String STALE = "a newer connection holds this session";

    enum Kind { REFUSE, NEW, CLAIM, RESUME, NAMED }

    /** The outcome: a refusal with its reason, or which session the connection gets and how. */
    record Decision(Kind kind, SessionRecord record, PeerId peer, String reason) {
        static Decision refuse(String reason) {
            return new Decision(Kind.REFUSE, null, null, reason);
        }

        boolean fresh() {
            return kind == Kind.NEW || kind == Kind.CLAIM;
        }
    }

    private LoginRules() {
    }

    static Decision decide(SessionTable table, OpenConnection conn, ProtocolMessage.LoginRequest request, boolean named) {
        if (table.stopped()) {
            return Decision.refuse("server stopping");
        }
        SessionRecord own = conn.session;
        if (own != null && !named) {
            return Decision.refuse("already logged in on this connection");
        }
        if (request.resuming()) {
            SessionRecord record = table.recordOfToken(HexFormat.of().formatHex(request.resumeToken()));
            if (record == null || !record.peer.value().equals(request.playerId()) || (named && record != own)) {
                return Decision.refuse(INVALID_TOKEN);
            }
            if (conn.acceptOrder < record.newestAcceptOrder) {
                return Decision.refuse(STALE);
            }
            return new Decision(Kind.RESUME, record, record.peer, null);
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
        SessionRecord record = table.record(peer);
        if (record == null) {
            return new Decision(Kind.NEW, null, peer, null);
        }
        if (record.confirmed) {
            return Decision.refuse("player " + peer + " already has a session; resume it with its token");
        }
        if (conn.acceptOrder < record.newestAcceptOrder) {
            return Decision.refuse(STALE);
        }
        return new Decision(Kind.CLAIM, record, peer, null);
    }
}
