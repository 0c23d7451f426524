// The transports a paced stream is written to: chat completions' SSE (pre-framed strings), the
// Responses API's SSE (`event:` + `data:` lines) and its WebSocket mode (one JSON text frame per
// event). A Responses sink numbers the events of its response (`sequence_number`, from 0).
import type http from 'node:http';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { Sink } from './pacer';
import type { SimWebSocketRecord } from './records';
import type { Payload } from './responsesWire';

// The reset follows the tokens after a moment, so the client has read them (an RST arriving with
// unread data makes the kernel discard it).
const RESET_DELAY_MS = 20;
/** A WebSocket counts as backed up above this many buffered bytes. */
const WS_HIGH_WATER = 1024 * 1024;
const WS_DRAIN_POLL_MS = 5;

function resetSoon(socket: Socket): void {
  setTimeout(() => socket.resetAndDestroy(), RESET_DELAY_MS);
}

export function chatSseSink(req: http.IncomingMessage, res: http.ServerResponse): Sink<string> {
  return {
    write(batch) {
      const data = batch.join('');
      return { bytes: Buffer.byteLength(data), flowing: res.write(data) };
    },
    onDrain: (resume) => void res.once('drain', resume),
    end: () => void res.end(),
    reset: () => resetSoon(req.socket),
    drop: () => resetSoon(req.socket),
  };
}

/** Serialises payloads with increasing sequence numbers; a string payload is sent as it is. */
function numbered(): (p: Payload) => string {
  let seq = 0;
  return (p) => (typeof p === 'string' ? p : JSON.stringify({ ...p, sequence_number: seq++ }));
}

export function responsesSseSink(req: http.IncomingMessage, res: http.ServerResponse): Sink<Payload> {
  const json = numbered();
  return {
    write(batch) {
      const data = batch
        .map((p) => `event: ${typeof p === 'string' ? 'response.output_text.delta' : p.type}\ndata: ${json(p)}\n\n`)
        .join('');
      return { bytes: Buffer.byteLength(data), flowing: res.write(data) };
    },
    onDrain: (resume) => void res.once('drain', resume),
    end: () => void res.end(),
    reset: () => resetSoon(req.socket),
    drop: () => resetSoon(req.socket),
  };
}

/** Sends a JSON text frame (or raw text) on a WebSocket and counts it; the byte count sent. */
export function sendFrame(ws: WebSocket, record: SimWebSocketRecord, text: string): number {
  if (ws.readyState !== ws.OPEN) return 0;
  ws.send(text);
  const bytes = Buffer.byteLength(text);
  record.framesOut++;
  record.bytesOut += bytes;
  return bytes;
}

export function responsesWsSink(ws: WebSocket, socket: Socket, record: SimWebSocketRecord): Sink<Payload> {
  const json = numbered();
  return {
    write(batch) {
      const bytes = batch.reduce((n, p) => n + sendFrame(ws, record, json(p)), 0);
      return { bytes, flowing: ws.bufferedAmount < WS_HIGH_WATER };
    },
    onDrain(resume) {
      const check = () => (ws.bufferedAmount < WS_HIGH_WATER ? resume() : setTimeout(check, WS_DRAIN_POLL_MS));
      setTimeout(check, WS_DRAIN_POLL_MS);
    },
    end: () => undefined, // the socket stays open for the next response
    reset: () => resetSoon(socket),
    drop: () => ws.terminate(),
  };
}
