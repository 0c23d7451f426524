// Binary payloads (Yjs updates, awareness) arrive as Buffer in Node and ArrayBuffer in browsers,
// or as base64 text: Socket.IO sends binary as a second websocket frame after the event's, and a
// browser sends that one only once the task that emitted it ends — for a keystroke, after the
// rest of Monaco's typing work (2–13 ms measured). A message that must arrive whole at once (a
// keystroke's update) goes as text, in one frame, up to 1 MiB (decoding text costs ~20 ms a MiB on
// the server; larger payloads stay binary). The server's broadcasts of updates and awareness go as
// text too: one frame per recipient instead of two. This schema accepts all three and hands every
// consumer a Uint8Array; `toBytes` does the same for what a client receives.
import { z } from 'zod';

export const MAX_BINARY_BYTES = 8 * 1024 * 1024;

/** Strict base64: the alphabet, then at most two `=`, in whole groups of four (one loop, no backtracking). */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** The most bytes sent as base64 text (oneFrame); more go as binary. */
export const MAX_BASE64_BYTES = 1024 * 1024;
const MAX_BASE64_CHARS = Math.ceil(MAX_BASE64_BYTES / 3) * 4;
/** Characters per String.fromCharCode call: below every engine's argument limit. */
const CHUNK = 0x8000;

type NodeBuffer = { from(text: string, encoding: 'base64'): Uint8Array };
/** Node's native decoder where there is one (the server); atob in a browser. */
const nodeBuffer = (globalThis as { Buffer?: NodeBuffer }).Buffer;

/** `bytes` as base64 text (both sides: btoa is in browsers and in Node). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/** What to send for `bytes` so that the message leaves in one frame: base64 text up to MAX_BASE64_BYTES. */
export function oneFrame(bytes: Uint8Array): Uint8Array | string {
  return bytes.length <= MAX_BASE64_BYTES ? toBase64(bytes) : bytes;
}

/** What a payload of the wire is as bytes: base64 text decoded, an ArrayBuffer viewed (both sides). */
export function toBytes(data: Uint8Array | ArrayBuffer | string): Uint8Array {
  return data instanceof Uint8Array ? data : typeof data === 'string' ? fromBase64(data) : new Uint8Array(data);
}

function fromBase64(text: string): Uint8Array {
  if (nodeBuffer) return nodeBuffer.from(text, 'base64');
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

const isBase64 = (v: unknown): v is string =>
  typeof v === 'string' && v.length <= MAX_BASE64_CHARS && v.length % 4 === 0 && BASE64.test(v);

export const bytesSchema = z
  .custom<Uint8Array | ArrayBuffer | string>(
    (v) => v instanceof Uint8Array || v instanceof ArrayBuffer || isBase64(v),
    `expected binary data (Uint8Array or ArrayBuffer) or base64 text of at most ${MAX_BASE64_CHARS} characters`,
  )
  .transform(toBytes)
  .refine((v) => v.byteLength > 0, 'binary payload is empty')
  .refine((v) => v.byteLength <= MAX_BINARY_BYTES, `binary payload exceeds ${MAX_BINARY_BYTES} bytes`);
