'use strict';
// The client runtime: one session (the same state machine as the server's sessions), a connection to
// a server host on the reliable lane and, when asked and the server has one, the sync lane; handlers
// run when a message arrives.

const { Session, policyOf } = require('./lifecycle');

class ClientRuntime {
  /**
   * Connects to `host` as `spec.name`. Throws ConfigError for an invalid policy.
   * @param clock returns the current time in ms, for what the server delivers
   * @param hooks publish(event) for the client's events, received(message) for messages its handlers ran for
   */
  constructor(spec, host, clock, hooks) {
    const nowMs = clock();
    this.name = spec.name;
    this.host = host;
    this.withSync = spec.withSync === true;
    this.handledTypes = new Set(spec.handledTypes || []);
    this.received = hooks.received;
    // The client's session is its session with the server: its events name the server as their peer.
    this.session = new Session('server', policyOf(spec.policy), hooks.publish);
    this.connected = true;
    this.session.apply('TransportConnected', nowMs);
    const refusal = host.connect(this.name, nowMs, (message) => this.deliver(message, clock()));
    if (refusal) this.dropped(nowMs, refusal);
  }

  /** What the server sends: a message, or null when it closed the connection. */
  deliver(message, nowMs) {
    if (message === null) { this.dropped(nowMs, 'connection closed by the server'); return; }
    this.session.inboundActivity(nowMs);
    if (this.handledTypes.has(message.type)) this.received({ peer: 'server', type: message.type, payload: message.payload });
  }

  dropped(nowMs, reason) {
    if (!this.connected) return;
    this.connected = false;
    this.session.apply('Disconnected', nowMs, reason);
  }

  /** One of LoginStarted, LoginSucceeded, LoginFailed, HeartbeatSent, HeartbeatReceived for its own session. */
  input(kind, nowMs, reason, serverTick) { this.session.apply(kind, nowMs, reason, serverTick); }

  send(sync, type, payload, nowMs) {
    if (!this.connected) return;
    const lane = sync && this.withSync ? this.host.sync : this.host.reliable;
    this.host.frame(this.name, lane, type, payload, nowMs);
  }

  evaluate(nowMs) { this.session.evaluate(nowMs); }

  heartbeatDue(nowMs) { return this.session.heartbeatDue(nowMs); }

  stop(nowMs) {
    if (!this.connected) return;
    this.dropped(nowMs, 'client stopped');
    this.host.disconnect(this.name, nowMs, 'client stopped');
  }
}

module.exports = { ClientRuntime };
