'use strict';
// The server side: transport lanes, the server host (multi-session coordinator, message routing with
// an injected dispatcher, admission and cleanup hooks) and the entry point that validates a
// configuration, starts the lanes, rolls back a failed start and stops the whole host.
//
// The network is simulated: a lane is a counter of frames, and the remote peers are played by the
// driver, which calls connect/disconnect/frame on the host as if they came from a socket.

const { ConfigError, MultiSessionManager, policyOf } = require('./lifecycle');

const DEFAULT_RESUME_GRACE_MS = 30000;
/** The coordinator's own bound on peers, so that no map keyed by peer input grows without limit. */
const MAX_SESSIONS = 100000;

/** One transport lane. `failStart` makes its start throw (a port that cannot be bound). */
class Lane {
  constructor(name, port, failStart = false) {
    this.name = name;
    this.port = port;
    this.failStart = failStart;
    this.starts = 0;
    this.stops = 0;
    this.running = false;
    this.framesReceived = 0;
  }

  start() {
    this.starts++;
    if (this.failStart) throw new Error(`the ${this.name} transport could not start on port ${this.port}`);
    this.running = true;
  }

  stop() {
    this.stops++;
    this.running = false;
  }

  status() {
    return { lane: this.name, starts: this.starts, stops: this.stops, running: this.running, framesReceived: this.framesReceived };
  }
}

/** Runs a handler when a message arrives. */
class ImmediateDispatcher {
  dispatch(run) { run(); }
  drain() { return 0; }
  clear() {}
}

/** Queues handlers until the host's loop drains them. */
class QueuedDispatcher {
  constructor() { this.queue = []; }
  dispatch(run) { this.queue.push(run); }
  drain() {
    const batch = this.queue;
    this.queue = [];
    batch.forEach((run) => run());
    return batch.length;
  }
  clear() { this.queue = []; }
}

/**
 * The server host: the coordinator, the lanes, the open connection of each peer, handlers by message
 * type, and the host's hooks. The coordinator is exposed (`sessions`) once the host was started.
 */
class ServerNetworkHost {
  constructor({ lanes, policy, resumeGraceMs, dispatcher, handlers, admission, hooks }) {
    this.lanes = lanes;
    this.reliable = lanes[0];
    this.sync = lanes[1] || this.reliable; // without a sync lane the reliable one carries sync traffic
    this.dispatcher = dispatcher;
    this.handlers = handlers;
    this.admission = admission;
    this.hooks = hooks;
    this.connections = new Map(); // peer -> the function that delivers a message to it
    this.rejectedConnections = 0;
    this.sessions = new MultiSessionManager(policy, resumeGraceMs, hooks.publish, (peer) => {
      this.close(peer);
      hooks.cleanup(peer);
    });
  }

  /** A peer opened a connection; `deliver` receives what the server sends it. Returns the refusal reason or null. */
  connect(peer, nowMs, deliver = () => {}) {
    if (!this.sessions.has(peer)) {
      const reason = this.admission(this.sessions.size) ||
        (this.sessions.size >= MAX_SESSIONS ? `server full: ${MAX_SESSIONS} sessions` : null);
      if (reason) {
        this.rejectedConnections++;
        this.hooks.refused(peer, reason);
        return reason;
      }
    }
    if (this.connections.has(peer)) {
      // The new connection replaces the old one, which is closed first.
      this.sessions.input(peer, 'Disconnected', nowMs, 'superseded by a new connection');
    }
    this.connections.set(peer, deliver);
    this.sessions.transportConnected(peer, nowMs);
    return null;
  }

  disconnect(peer, nowMs, reason) {
    if (!this.connections.delete(peer)) return;
    this.sessions.input(peer, 'Disconnected', nowMs, reason);
  }

  /** A frame from `peer` on a lane: transport activity, then its handler if the host has one. */
  frame(peer, lane, type, payload, nowMs) {
    if (!this.connections.has(peer)) return; // a closed connection carries nothing
    lane.framesReceived++;
    this.sessions.transportActivity(peer, nowMs);
    const handler = this.handlers.get(type);
    if (handler) this.dispatcher.dispatch(() => handler({ peer, type, payload }));
  }

  send(peer, type, payload) {
    const deliver = this.connections.get(peer);
    if (deliver) deliver({ type, payload });
  }

  remove(peer, nowMs, reason) { this.sessions.remove(peer, nowMs, reason); }

  evaluate(nowMs) { this.sessions.evaluate(nowMs); }

  drain() { return this.dispatcher.drain(); }

  /** The host closes a peer's connection; the peer sees it drop. */
  close(peer) {
    const deliver = this.connections.get(peer);
    this.connections.delete(peer);
    if (deliver) deliver(null);
  }

  /** Removes every session through the lifecycle (which closes its connection). */
  stop(nowMs) {
    this.dispatcher.clear();
    this.sessions.clear(nowMs, 'server stopped');
  }
}

/**
 * The entry point: validates a configuration, assembles and starts a host, and owns its rollback and
 * shutdown. `start` returns the runtime; an invalid configuration throws ConfigError before anything
 * starts, a lane that cannot start throws Error after every lane that began starting was stopped.
 */
class ServerRuntime {
  /**
   * @param config reliablePort, syncPort, policy, resumeGraceMs, maxPeers, queuedDispatch, failSyncStart
   * @param handlers Map from message type to handler
   * @param hooks publish(event), cleanup(peer), refused(peer, reason)
   * @param attempt called with the lanes as soon as they exist, so a caller can show a failed start
   */
  static start(config, handlers, hooks, attempt = () => {}) {
    const maxPeers = config.maxPeers === undefined ? null : config.maxPeers;
    if (maxPeers !== null && (!Number.isInteger(maxPeers) || maxPeers < 1)) {
      throw new ConfigError('maxPeers', `must be at least 1, was ${maxPeers}`);
    }
    const policy = policyOf(config.policy);
    const hasSync = config.syncPort !== null && config.syncPort !== undefined;
    validatePort('reliablePort', config.reliablePort);
    if (hasSync) {
      validatePort('syncPort', config.syncPort);
      if (config.syncPort === config.reliablePort) {
        throw new ConfigError('syncPort', `must differ from reliablePort, both were ${config.reliablePort}`);
      }
    }
    const grace = config.resumeGraceMs || 0;
    if (!Number.isInteger(grace) || grace < 0) throw new ConfigError('resumeGraceMs', `must be >= 0, was ${grace}`);

    const lanes = [new Lane('reliable', config.reliablePort)];
    if (hasSync) lanes.push(new Lane('sync', config.syncPort, config.failSyncStart === true));
    attempt(lanes);
    const started = [];
    try {
      for (const lane of lanes) {
        started.push(lane);
        lane.start();
      }
    } catch (e) {
      started.reverse().forEach((lane) => lane.stop());
      throw e;
    }
    const host = new ServerNetworkHost({
      lanes, policy, resumeGraceMs: grace || DEFAULT_RESUME_GRACE_MS, handlers, hooks,
      dispatcher: config.queuedDispatch ? new QueuedDispatcher() : new ImmediateDispatcher(),
      admission: (peers) => (maxPeers !== null && peers >= maxPeers ? `server full: ${maxPeers} of ${maxPeers} peers` : null),
    });
    return new ServerRuntime(host);
  }

  constructor(host) {
    this.host = host;
    this.running = true;
  }

  /** Stops the host and its lanes; safe to repeat. */
  stop(nowMs) {
    if (!this.running) return;
    this.running = false;
    this.host.stop(nowMs);
    this.host.lanes.slice().reverse().forEach((lane) => lane.stop());
  }
}

function validatePort(field, port) {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigError(field, `must be a port in 1..65535, was ${port}`);
  }
}

module.exports = { ServerRuntime };
