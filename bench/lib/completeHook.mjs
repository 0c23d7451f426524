// Why: "a superseded request closed upstream ≤ 5 ms after the keystroke reaches the server" is
// timed from the server's side of the wire. Loaded into the server under test with
// NODE_OPTIONS="--import <this file>" and COMPLETE_TRACE_FILE=<file>, it appends one JSON line per
// event the autocomplete bench needs, stamped with the wall clock (performance.timeOrigin + now,
// comparable with the bench process's): in Tandem, each Socket.IO message arriving over the
// websocket that is a document update (doc/sync: a keystroke) or a complete/* event (with its
// requestId and linePrefix); in the peer's Next.js server, each /api/complete request whose client
// went away before the answer was sent (the browser aborted its fetch). Stamped before the server
// handles the message; written off the hot path (every 100 ms, and at exit).
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

// Left in the environment: `next start` may serve from a child process, which must load it too;
// other Node processes the servers start serve neither websockets nor /api/complete.
const file = process.env.COMPLETE_TRACE_FILE;

if (file) {
  const lines = [];
  const stamp = () => performance.timeOrigin + performance.now();
  const flush = () => {
    if (lines.length) fs.appendFileSync(file, lines.splice(0).join(''));
  };
  setInterval(flush, 100).unref();
  process.on('exit', flush);
  const record = (event) => lines.push(`${JSON.stringify(event)}\n`);

  const from = createRequire(path.join(process.cwd(), 'package.json'));
  let WebSocket = null;
  try {
    WebSocket = createRequire(from.resolve('engine.io'))('ws').WebSocket;
  } catch {
    // not a Socket.IO server (the peer)
  }
  if (WebSocket) {
    const emit = WebSocket.prototype.emit;
    WebSocket.prototype.emit = function (name, data, isBinary) {
      if (name === 'message' && !isBinary) {
        const t = stamp();
        const s = data.toString();
        const m = /^4[25](?:\d+-)?\d*\["(doc\/sync|complete\/[a-z]+)",/.exec(s);
        if (m) {
          let payload = {};
          if (m[1].startsWith('complete/')) payload = JSON.parse(s.slice(s.indexOf('[')))[1] ?? {};
          record({ t, event: m[1], requestId: payload.requestId, linePrefix: payload.linePrefix });
        }
      }
      return emit.apply(this, arguments);
    };
  }

  const serverEmit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (name, req, res) {
    if (name === 'request' && req.url?.startsWith('/api/complete')) {
      res.once('close', () => {
        if (!res.writableFinished) record({ t: stamp(), event: 'http-abort' });
      });
    }
    return serverEmit.apply(this, arguments);
  };
}
