'use strict';
// The session lifecycle: one session's state machine, the server's multi-session coordinator and the
// client's single-session manager. Pure logic: time is passed in by the caller (`nowMs`), nothing
// here reads a clock, does I/O or keeps a timer. Single-threaded, like all of Node.
//
// Written from docs/state-machine.md and docs/identity-and-reconnect.md. Two reference-profile
// decisions are taken the other way on purpose (see README.md): an evaluation applies at most one
// time rule per session (REF-7), and a server tick lower than the one recorded is ignored (REF-12).

const LIVE = new Set(['TransportConnected', 'LoginPending', 'LoggedIn']);

const DEFAULT_POLICY = Object.freeze({
  heartbeatIntervalMs: 2000, heartbeatTimeoutMs: 6000, reconnectDelayMs: 1000, autoReconnect: true,
});

/** An invalid configuration: `field` is the name of the bad field as the caller wrote it. */
class ConfigError extends Error {
  constructor(field, message) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

/** Returns a frozen policy, or throws ConfigError naming the first bad field. null: the defaults. */
function policyOf(spec) {
  if (spec === null || spec === undefined) return DEFAULT_POLICY;
  const p = { ...DEFAULT_POLICY, ...spec };
  for (const field of ['heartbeatIntervalMs', 'heartbeatTimeoutMs', 'reconnectDelayMs']) {
    if (!Number.isInteger(p[field])) throw new ConfigError(field, `must be a whole number of milliseconds, was ${p[field]}`);
  }
  if (p.heartbeatIntervalMs <= 0) throw new ConfigError('heartbeatIntervalMs', `must be > 0, was ${p.heartbeatIntervalMs}`);
  if (p.heartbeatTimeoutMs <= 0) throw new ConfigError('heartbeatTimeoutMs', `must be > 0, was ${p.heartbeatTimeoutMs}`);
  if (p.reconnectDelayMs < 0) throw new ConfigError('reconnectDelayMs', `must be >= 0, was ${p.reconnectDelayMs}`);
  return Object.freeze({ ...p, autoReconnect: p.autoReconnect !== false });
}

/**
 * One peer's session. `apply` is the only place that changes `state`: it checks the move against
 * the table of docs/state-machine.md, records it and publishes the event; an illegal input is
 * ignored and counted (REF-11).
 */
class Session {
  constructor(peer, policy, publish) {
    this.peer = peer;
    this.policy = policy;
    this.publish = publish;
    this.state = 'Disconnected';
    this.lastLivenessMs = 0;
    this.heartbeatBaseMs = null; // login or last heartbeat sent: the next heartbeat is due one interval later (REF-1)
    this.lastHeartbeatSentMs = null; // on this connection; RTT is measured from it
    this.reconnectDueMs = null;
    this.leftLiveAtMs = null; // start of the resume window (REF-10)
    this.rttMs = null;
    this.lastServerTick = null;
    this.lastFailureReason = null; // of the last timeout or login failure
    this.ignoredInputs = 0;
    this.lastIgnoredInput = null;
  }

  isLive() { return LIVE.has(this.state); }

  /** Applies one input of the table; returns false when it was illegal here (and so ignored). */
  apply(kind, nowMs, reason = null, serverTick = null) {
    const from = this.state;
    const to = next(kind, from);
    if (to === null) {
      this.ignoredInputs++;
      this.lastIgnoredInput = `${kind} ignored in state ${from} at ${nowMs}`;
      return false;
    }
    switch (kind) {
      case 'TransportConnected':
        this.lastLivenessMs = nowMs;
        this.lastHeartbeatSentMs = null;
        this.heartbeatBaseMs = null;
        break;
      case 'LoginSucceeded':
        this.lastLivenessMs = nowMs;
        this.heartbeatBaseMs = nowMs;
        break;
      case 'LoginFailed':
        this.lastLivenessMs = nowMs;
        this.lastFailureReason = reason;
        break;
      case 'HeartbeatSent':
        this.lastHeartbeatSentMs = nowMs;
        this.heartbeatBaseMs = nowMs;
        break;
      case 'HeartbeatReceived':
        this.lastLivenessMs = nowMs;
        if (this.lastHeartbeatSentMs !== null) this.rttMs = nowMs - this.lastHeartbeatSentMs;
        // REF-12, decided the other way: a tick lower than the recorded one is an old sample.
        if (serverTick !== null && (this.lastServerTick === null || serverTick >= this.lastServerTick)) {
          this.lastServerTick = serverTick;
        }
        break;
      case 'TimedOut':
        this.lastFailureReason = reason;
        break;
      case 'ReconnectScheduled':
        this.reconnectDueMs = nowMs + this.policy.reconnectDelayMs;
        break;
      default:
        break;
    }
    this.state = to;
    if (LIVE.has(to)) this.leftLiveAtMs = null;
    else if (this.leftLiveAtMs === null) this.leftLiveAtMs = nowMs;
    this.publish({ peer: this.peer, kind, previous: from, current: to, timeMs: nowMs, reason });
    return true;
  }

  /** Inbound activity: refreshes liveness in a live state, ignored elsewhere. */
  inboundActivity(nowMs) {
    if (this.isLive()) this.lastLivenessMs = nowMs;
  }

  /**
   * Applies the time rules due at `nowMs`. REF-7, decided the other way: at most one rule per
   * evaluation, so a host that wants a session to settle evaluates again. Returns whether a rule ran.
   */
  evaluate(nowMs) {
    const p = this.policy;
    if (this.isLive() && nowMs - this.lastLivenessMs >= p.heartbeatTimeoutMs) {
      return this.apply('TimedOut', nowMs, `no liveness signal within the heartbeat timeout of ${p.heartbeatTimeoutMs} ms`);
    }
    if (this.state === 'TimedOut' && p.autoReconnect) {
      return this.apply('ReconnectScheduled', nowMs, 'auto-reconnect after timeout');
    }
    if (this.state === 'ReconnectPending' && this.reconnectDueMs - nowMs <= 0) {
      return this.apply('ReconnectStarted', nowMs, `reconnect delay of ${p.reconnectDelayMs} ms passed`);
    }
    return false;
  }

  heartbeatDue(nowMs) {
    return this.state === 'LoggedIn' && nowMs - this.heartbeatBaseMs >= this.policy.heartbeatIntervalMs;
  }

  snapshot() {
    return {
      peer: this.peer, state: this.state, rttMs: this.rttMs,
      lastServerTick: this.lastServerTick, lastFailureReason: this.lastFailureReason,
    };
  }
}

/** The transition table of docs/state-machine.md: the next state, or null where the input is illegal. */
function next(kind, state) {
  switch (kind) {
    case 'TransportConnected':
      return ['Disconnected', 'TimedOut', 'ReconnectPending', 'Reconnecting'].includes(state) ? 'TransportConnected' : null;
    case 'LoginStarted':
      return state === 'TransportConnected' || state === 'LoginFailed' ? 'LoginPending' : null;
    case 'LoginSucceeded':
      return state === 'LoginPending' ? 'LoggedIn' : null;
    case 'LoginFailed':
      return state === 'LoginPending' ? 'LoginFailed' : null;
    case 'HeartbeatSent':
      return state === 'LoggedIn' ? state : null;
    case 'HeartbeatReceived':
      return LIVE.has(state) ? state : null;
    case 'TimedOut':
      return LIVE.has(state) ? 'TimedOut' : null;
    case 'ReconnectScheduled':
      return state === 'TimedOut' || state === 'Reconnecting' ? 'ReconnectPending' : null;
    case 'ReconnectStarted':
      return state === 'ReconnectPending' ? 'Reconnecting' : null;
    case 'Disconnected':
      return state === 'Disconnected' ? null : 'Disconnected';
    default:
      return null;
  }
}

/**
 * The server's multi-session coordinator: one Session per remote peer, keyed by the peer's name.
 * Only transport activity creates a session (REF-4); a session that left the live states is kept
 * for the resume window and then evicted (REF-10); every removal publishes Disconnected (unless the
 * session already is) and then a `Removed` notice (REF-5), and runs the host's cleanup hook.
 */
class MultiSessionManager {
  /**
   * @param policy the policy every session follows
   * @param resumeGraceMs how long a session that left the live states is kept
   * @param publish called with each event, in order
   * @param onRemoved called with (peer) after a session left the coordinator
   */
  constructor(policy, resumeGraceMs, publish, onRemoved) {
    this.policy = policy;
    this.resumeGraceMs = resumeGraceMs;
    this.publish = publish;
    this.onRemoved = onRemoved;
    this.sessions = new Map();
    this.inputsForUnknownPeers = 0;
  }

  get size() { return this.sessions.size; }

  has(peer) { return this.sessions.has(peer); }

  /** A transport connection from `peer` opened: creates its session or takes it back to TransportConnected. */
  transportConnected(peer, nowMs) {
    let session = this.sessions.get(peer);
    if (!session) {
      session = new Session(peer, this.policy, this.publish);
      this.sessions.set(peer, session);
    }
    session.apply('TransportConnected', nowMs);
  }

  /** A frame arrived from `peer`: liveness in a live state; a peer that is back resumes its session (REF-6). */
  transportActivity(peer, nowMs) {
    const session = this.sessions.get(peer);
    if (!session) { this.inputsForUnknownPeers++; return; }
    if (session.isLive()) session.inboundActivity(nowMs);
    else if (session.state !== 'LoginFailed') session.apply('TransportConnected', nowMs);
  }

  /** A login or heartbeat input, or a transport disconnect; ignored for a peer with no session (REF-4). */
  input(peer, kind, nowMs, reason = null, serverTick = null) {
    const session = this.sessions.get(peer);
    if (!session) { this.inputsForUnknownPeers++; return; }
    session.apply(kind, nowMs, reason, serverTick);
  }

  remove(peer, nowMs, reason) {
    const session = this.sessions.get(peer);
    if (!session) return;
    session.apply('Disconnected', nowMs, reason);
    this.sessions.delete(peer);
    this.publish({ peer, kind: 'Removed', previous: session.state, current: session.state, timeMs: nowMs, reason });
    this.onRemoved(peer);
  }

  /** Removes every session through the same path as a single removal (the entry point's stop). */
  clear(nowMs, reason) {
    for (const peer of this.peers()) this.remove(peer, nowMs, reason);
  }

  /** Applies the time rules of every session, each on its own, then evicts sessions whose window ended. */
  evaluate(nowMs) {
    for (const peer of this.peers()) {
      const session = this.sessions.get(peer);
      if (session.evaluate(nowMs)) continue;
      if (!session.isLive() && nowMs - session.leftLiveAtMs >= this.resumeGraceMs) {
        this.remove(peer, nowMs, `resume window of ${this.resumeGraceMs} ms expired in state ${session.state}`);
      }
    }
  }

  lookup(peer) {
    const session = this.sessions.get(peer);
    return session ? session.snapshot() : null;
  }

  /** Every session, ordered by peer name. */
  snapshots() { return this.peers().map((peer) => this.sessions.get(peer).snapshot()); }

  peers() { return [...this.sessions.keys()].sort(); }
}

module.exports = { ConfigError, DEFAULT_POLICY, MultiSessionManager, Session, policyOf };
