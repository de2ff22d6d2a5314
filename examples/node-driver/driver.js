#!/usr/bin/env node
'use strict';
// The driver protocol (docs/driver-protocol.md) over this implementation: one JSON request per line
// on stdin, one JSON response per line on stdout, diagnostics on stderr only.
//
//   bash bin/main-job "process:node examples/node-driver/driver.js"

const readline = require('readline');
const { ConfigError } = require('./lifecycle');
const { ServerRuntime } = require('./server');
const { ClientRuntime } = require('./client');

const CAPABILITIES = ['client', 'sync-lane', 'messages', 'queued-dispatch', 'admission', 'transport-faults'];
const LIFECYCLE_INPUTS = {
  LOGIN_STARTED: 'LoginStarted', LOGIN_SUCCEEDED: 'LoginSucceeded', LOGIN_FAILED: 'LoginFailed',
  HEARTBEAT_SENT: 'HeartbeatSent', HEARTBEAT_RECEIVED: 'HeartbeatReceived',
};

/** An error answer of the protocol. */
class DriverError extends Error {
  constructor(kind, message, field = null) {
    super(message);
    this.kind = kind;
    this.field = field;
  }
}

/** Everything `reset` starts afresh: the clock, the server, the client and what they recorded. */
class World {
  constructor() {
    this.nowMs = 0;
    this.runtime = null; // the last server started, running or stopped
    this.lanes = []; // the lanes of the last start attempt
    this.serverEvents = [];
    this.serverReceived = [];
    this.cleanedUp = [];
    this.refusals = [];
    this.client = null;
    this.clientEvents = [];
    this.clientReceived = [];
  }

  running() { return this.runtime !== null && this.runtime.running; }

  /** The server the operations address: the last one started, running or stopped. */
  host() {
    if (this.runtime === null) throw new DriverError('FAILED', 'no server has been started');
    return this.runtime.host;
  }

  /** A new connection needs a running server. */
  listening() {
    const host = this.host();
    if (!this.running()) throw new DriverError('FAILED', `connection refused: nothing listens on port ${host.reliable.port}`);
    return host;
  }

  startServer(spec) {
    if (this.running()) throw new DriverError('FAILED', 'a server is already running; stop it first');
    this.runtime = null;
    this.lanes = [];
    const handlers = new Map((spec.handledTypes || []).map((type) => [type, (m) => this.serverReceived.push(m)]));
    const hooks = {
      publish: (event) => this.serverEvents.push(event),
      cleanup: (peer) => this.cleanedUp.push(peer),
      refused: (peer, reason) => this.refusals.push({ peer, reason }),
    };
    try {
      this.runtime = ServerRuntime.start(spec, handlers, hooks, (lanes) => { this.lanes = lanes; });
    } catch (e) {
      if (e instanceof ConfigError) throw new DriverError('REJECTED', e.message, e.field);
      throw new DriverError('FAILED', e.message);
    }
  }

  serverStatus() {
    return {
      running: this.running(),
      exposesCoordinator: this.runtime !== null, // a started host exposes its coordinator, also once stopped
      lanes: this.lanes.map((lane) => lane.status()),
      cleanedUp: this.cleanedUp,
      rejectedConnections: this.runtime === null ? 0 : this.runtime.host.rejectedConnections,
      refusals: this.refusals,
    };
  }

  serverInput(input) {
    const host = this.host();
    const peer = required(input, 'peer');
    const now = this.nowMs;
    switch (input.kind) {
      case 'CONNECT': this.listening().connect(peer, now); break;
      case 'DISCONNECT': host.disconnect(peer, now, input.reason || 'peer disconnected'); break;
      case 'SEND': host.frame(peer, host.reliable, required(input, 'type'), input.payload || '', now); break;
      case 'SEND_SYNC': host.frame(peer, host.sync, required(input, 'type'), input.payload || '', now); break;
      case 'REMOVE': host.remove(peer, now, input.reason || 'removed by the host'); break;
      case 'LOGIN_FAILED': host.sessions.input(peer, 'LoginFailed', now, input.reason || 'login rejected'); break;
      default: host.sessions.input(peer, lifecycleInput(input.kind), now, input.reason || null, tick(input));
    }
  }

  startClient(spec) {
    required(spec, 'name');
    const host = this.listening();
    if (this.client !== null && this.client.connected) throw new DriverError('FAILED', 'a client is already running; stop it first');
    try {
      this.client = new ClientRuntime(spec, host, () => this.nowMs, {
        publish: (event) => this.clientEvents.push(event),
        received: (message) => this.clientReceived.push(message),
      });
    } catch (e) {
      if (e instanceof ConfigError) throw new DriverError('REJECTED', e.message, e.field);
      throw e;
    }
  }

  clientInput(input) {
    const client = this.theClient();
    if (input.kind === 'SEND' || input.kind === 'SEND_SYNC') {
      client.send(input.kind === 'SEND_SYNC', required(input, 'type'), input.payload || '', this.nowMs);
    } else if (input.kind === 'LOGIN_FAILED') {
      client.input('LoginFailed', this.nowMs, input.reason || 'login rejected');
    } else {
      client.input(lifecycleInput(input.kind), this.nowMs, input.reason || null, tick(input));
    }
  }

  theClient() {
    if (this.client === null) throw new DriverError('FAILED', 'no client has been started');
    return this.client;
  }

  /** Answers one request; throws DriverError for an error answer. */
  handle(op, args) {
    switch (op) {
      case 'advanceClock': {
        const ms = required(args, 'ms');
        if (!Number.isInteger(ms) || ms < 0) throw new DriverError('PROTOCOL', `ms must be a whole number >= 0, was ${ms}`);
        this.nowMs += ms;
        return null;
      }
      case 'startServer': this.startServer(required(args, 'spec')); return null;
      case 'stopServer': if (this.running()) this.runtime.stop(this.nowMs); return null;
      case 'serverStatus': return this.serverStatus();
      case 'serverInput': this.serverInput(required(args, 'input')); return null;
      case 'evaluateServer': this.host().evaluate(this.nowMs); return null;
      case 'lookup': {
        const peer = required(args, 'peer');
        return this.runtime === null ? null : this.runtime.host.sessions.lookup(peer);
      }
      case 'sessions': return this.runtime === null ? [] : this.runtime.host.sessions.snapshots();
      case 'serverEvents': return this.serverEvents;
      case 'serverReceived': return this.serverReceived;
      case 'serverSend': this.host().send(required(args, 'peer'), required(args, 'type'), args.payload || ''); return null;
      case 'drainServer': return this.host().drain();
      case 'startClient': this.startClient(required(args, 'spec')); return null;
      case 'clientInput': this.clientInput(required(args, 'input')); return null;
      case 'evaluateClient': this.theClient().evaluate(this.nowMs); return null;
      case 'clientSession': return this.theClient().session.snapshot();
      case 'clientEvents': return this.clientEvents;
      case 'clientReceived': return this.clientReceived;
      case 'clientHeartbeatDue': return this.theClient().heartbeatDue(this.nowMs);
      case 'stopClient': if (this.client !== null) this.client.stop(this.nowMs); return null;
      default: throw new DriverError('PROTOCOL', `unknown op '${op}'`);
    }
  }
}

function required(object, name) {
  if (object === null || typeof object !== 'object' || object[name] === undefined || object[name] === null) {
    throw new DriverError('PROTOCOL', `missing argument '${name}'`);
  }
  return object[name];
}

function lifecycleInput(kind) {
  const mapped = LIFECYCLE_INPUTS[kind];
  if (!mapped) throw new DriverError('PROTOCOL', `unknown input kind '${kind}'`);
  return mapped;
}

function tick(input) { return input.serverTick === undefined ? null : input.serverTick; }

function main() {
  let world = new World();
  const out = (response, then) => process.stdout.write(`${JSON.stringify(response)}\n`, then);
  const lines = readline.createInterface({ input: process.stdin, terminal: false });
  lines.on('line', (line) => {
    if (line.trim() === '') return;
    let request;
    try {
      request = JSON.parse(line);
    } catch (e) {
      out({ id: null, ok: false, error: { kind: 'PROTOCOL', field: null, message: `not JSON: ${e.message}` } });
      return;
    }
    const { id, op } = request;
    const args = request.args || {};
    try {
      if (op === 'hello') {
        if (args.protocol !== 1) throw new DriverError('PROTOCOL', `protocol ${args.protocol} is not supported; this driver speaks 1`);
        out({ id, ok: true, result: { protocol: 1, name: 'node-example', version: '1.0.0', capabilities: CAPABILITIES } });
      } else if (op === 'shutdown') {
        out({ id, ok: true, result: null }, () => process.exit(0));
      } else if (op === 'reset') {
        world = new World();
        out({ id, ok: true, result: null });
      } else {
        out({ id, ok: true, result: world.handle(op, args) });
      }
    } catch (e) {
      if (!(e instanceof DriverError)) process.stderr.write(`${op} failed: ${e.stack}\n`);
      const kind = e instanceof DriverError ? e.kind : 'FAILED';
      out({ id, ok: false, error: { kind, field: e.field || null, message: e.message } });
    }
  });
}

main();
