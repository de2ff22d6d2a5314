#!/usr/bin/env node
'use strict';
// The smallest driver the conformance suite accepts: it answers `hello` and `reset`, and reports
// every other operation UNSUPPORTED. Start your own driver from here (docs/writing-a-driver.md):
//
//   bash bin/main-job "process:node examples/driver-skeleton/skeleton.js"
//
// Protocol: one JSON request per line on stdin, one JSON response per line on stdout, in order.
// Only responses go to stdout; write diagnostics to stderr.

const readline = require('readline');

/** Returns the result of one operation, or throws {kind, message} for an error answer. */
function handle(op, args) {
  switch (op) {
    case 'hello':
      if (args.protocol !== 1) throw { kind: 'PROTOCOL', message: `unsupported protocol version ${args.protocol}` };
      // List here each capability you implement: client, sync-lane, messages, queued-dispatch,
      // admission, transport-faults (docs/driver-protocol.md, "What each capability covers").
      return { protocol: 1, name: 'skeleton', version: '0.1', capabilities: [] };
    case 'reset':
      // A new world: clock at 0, no server, no client, nothing recorded.
      return null;
    default:
      throw { kind: 'UNSUPPORTED', message: `${op} is not implemented yet` };
  }
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  let request = {};
  let response;
  try {
    request = JSON.parse(line);
    response = { id: request.id, ok: true, result: handle(request.op, request.args || {}) };
  } catch (e) {
    const kind = e.kind || (e instanceof SyntaxError ? 'PROTOCOL' : 'FAILED');
    response = { id: request.id === undefined ? null : request.id, ok: false, error: { kind, field: null, message: e.message } };
  }
  process.stdout.write(`${JSON.stringify(response)}\n`);
  if (request.op === 'shutdown') process.exit(0);
});
