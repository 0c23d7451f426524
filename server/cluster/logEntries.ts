// Reading a document log's stream entries as ioredis returns them with binary replies
// (`[id, [field, value, …]]`, every part a Buffer). Pure, so the shapes are tested without Redis.
import { seqOf } from './keys';

export type LogEntry = { seq: number; node: string; update: Uint8Array };

function entry(raw: unknown): LogEntry | null {
  if (!Array.isArray(raw) || raw.length !== 2 || !Array.isArray(raw[1])) return null;
  const [id, fields] = raw as [unknown, unknown[]];
  let node = '';
  let update: Uint8Array | null = null;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const name = String(fields[i]);
    const value = fields[i + 1];
    if (name === 'n') node = String(value);
    else if (name === 'u' && Buffer.isBuffer(value)) update = new Uint8Array(value);
  }
  const seq = seqOf(String(id));
  return update && Number.isInteger(seq) ? { seq, node, update } : null;
}

/** Entries of an XRANGE reply, oldest first; malformed ones are skipped. */
export function parseRange(raw: unknown): LogEntry[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((e) => entry(e) ?? []);
}

/** An XREAD reply as each stream key's raw entries. */
export function streamsOf(raw: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!Array.isArray(raw)) return out;
  for (const stream of raw) {
    if (Array.isArray(stream) && stream.length === 2) out.set(String(stream[0]), stream[1]);
  }
  return out;
}

/** An XREAD reply of document logs as entries per stream key. */
export function parseRead(raw: unknown): Map<string, LogEntry[]> {
  return new Map([...streamsOf(raw)].map(([key, entries]) => [key, parseRange(entries)]));
}
