// Why: to tell where an edit's time goes between two cluster nodes (issue 13), each node stamps,
// on the wall clock shared by every process of the machine, the moments a typed marked word
// (‹k3.4›, bench/lib/markedWords.ts) passes it: its websocket frame read, its log append sent to
// Redis (EVALSHA) and acknowledged, the document feed's XREAD answer that carries it (on the node
// that did not write it), and the first websocket frame written with it (sent, or a broadcast's
// frame encoded once and written as is). Loaded into a Tandem process with NODE_OPTIONS=--import
// <this file>; it only watches (patched prototypes call the originals). SIGUSR2 writes
// TANDEM_TRACE_DIR/<pid>.json and starts over (bench/cluster.ts).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.cwd(), 'package.json'));
const { Redis } = require('ioredis');
const { WebSocket } = createRequire(require.resolve('engine.io'))('ws');

const MARK = Buffer.from('‹k');
const WORD = /‹k\d+\.\d+›/g;
const BASE64_DATA = /"data":"([A-Za-z0-9+/]+={0,2})"/g;
/** A text frame (ws hands those over as a Buffer too) that may carry base64. */
const DATA = Buffer.from('"data":"');
const now = () => performance.timeOrigin + performance.now();
/**
 * [stage, time, what was sent or read] in the order seen. Only the time is taken on the measured
 * path: finding the words in a frame (a base64 decode and a regex, once per socket of a broadcast)
 * waits for the dump, so the hook adds a push, not a parse, to each frame it watches.
 */
let seen = [];

function wordsIn(value, out = []) {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    const buf = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    if (buf.indexOf(MARK) >= 0) out.push(...(buf.toString('utf8').match(WORD) ?? []));
    else if (buf.indexOf(DATA) >= 0) wordsIn(buf.toString('utf8'), out);
  } else if (typeof value === 'string') {
    if (value.includes('‹k')) out.push(...(value.match(WORD) ?? []));
    // Updates and awareness travel as base64 text too (lib/protocol/bytes.ts oneFrame).
    else for (const [, b64] of value.matchAll(BASE64_DATA)) wordsIn(Buffer.from(b64, 'base64'), out);
  } else if (Array.isArray(value)) for (const v of value) wordsIn(v, out);
  return out;
}

const note = (stage, what) => seen.push([stage, now(), what]);

/** stage → word → first time seen there; an XREAD answer counts only the other nodes' words. */
function stampsOf(records) {
  const stamps = { recv: {}, append: {}, ack: {}, woke: {}, emit: {} };
  // A frame written to each socket of a broadcast is one object: its words are found once.
  const parsed = new Map();
  const words = (what) => parsed.get(what) ?? parsed.set(what, wordsIn(what)).get(what);
  for (const pass of [['append'], ['recv', 'ack', 'woke', 'emit']])
    for (const [stage, at, what] of records) {
      if (!pass.includes(stage)) continue;
      const mine = stamps[stage];
      for (const w of words(what)) if (!(stage === 'woke' && w in stamps.append)) mine[w] ??= at;
    }
  return stamps;
}

const sendCommand = Redis.prototype.sendCommand;
Redis.prototype.sendCommand = function (command, stream) {
  const result = sendCommand.call(this, command, stream);
  if (command.name === 'evalsha' || command.name === 'eval') {
    note('append', command.args);
    command.promise.then(
      () => note('ack', command.args),
      () => undefined,
    );
  } else if (command.name === 'xread') {
    command.promise.then(
      (reply) => note('woke', reply),
      () => undefined,
    );
  }
  return result;
};

const emit = WebSocket.prototype.emit;
WebSocket.prototype.emit = function (event, data, ...rest) {
  if (event === 'message') note('recv', data);
  return emit.call(this, event, data, ...rest);
};

const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (data, ...rest) {
  note('emit', data);
  return send.call(this, data, ...rest);
};

// A text broadcast skips send: Socket.IO encodes its websocket frame once and engine.io writes
// that frame to each socket through the sender.
const sendFrame = WebSocket.Sender.prototype.sendFrame;
WebSocket.Sender.prototype.sendFrame = function (list, ...rest) {
  note('emit', list);
  return sendFrame.call(this, list, ...rest);
};

process.on('SIGUSR2', () => {
  const file = path.join(process.env.TANDEM_TRACE_DIR ?? '.', `${process.pid}.json`);
  const records = seen;
  seen = [];
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(stampsOf(records)));
  fs.renameSync(`${file}.tmp`, file);
});
