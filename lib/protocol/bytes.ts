// Binary payloads (Yjs updates, awareness) arrive as Buffer in Node and ArrayBuffer in browsers;
// this schema accepts both and hands every consumer a Uint8Array.
import { z } from 'zod';

export const MAX_BINARY_BYTES = 8 * 1024 * 1024;

export const bytesSchema = z
  .custom<Uint8Array | ArrayBuffer>(
    (v) => v instanceof Uint8Array || v instanceof ArrayBuffer,
    'expected binary data (Uint8Array or ArrayBuffer)',
  )
  .transform((v) => (v instanceof Uint8Array ? v : new Uint8Array(v)))
  .refine((v) => v.byteLength > 0, 'binary payload is empty')
  .refine((v) => v.byteLength <= MAX_BINARY_BYTES, `binary payload exceeds ${MAX_BINARY_BYTES} bytes`);
