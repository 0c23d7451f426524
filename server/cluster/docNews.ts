// Durable news between nodes about documents: a file written by its lease holder, a file deleted
// through Tandem. It goes into one capped Redis Stream that every node's document feed reads along
// with the logs, from where it stopped — so a node that was cut from Redis when the news was told
// reads it once it is back (Socket.IO's server-side events ride pub/sub, which delivers at most once).
import type { Redis } from 'ioredis';
import { NEWS_STREAM } from './keys';

/** About this many pieces of news are kept: a node away longer than that many saves misses some. */
export const NEWS_KEPT = 10_000;

export type DocNews =
  | { id: string; node: string; kind: 'saved'; path: string; sv: Uint8Array }
  | { id: string; node: string; kind: 'removed'; path: string };

type Told = { kind: 'saved'; path: string; sv: Uint8Array } | { kind: 'removed'; path: string };

export async function tellNews(redis: Redis, node: string, news: Told): Promise<void> {
  const fields: (string | Buffer)[] = ['k', news.kind, 'p', news.path, 'n', node];
  if (news.kind === 'saved') fields.push('s', Buffer.from(news.sv));
  await redis.xadd(NEWS_STREAM, 'MAXLEN', '~', NEWS_KEPT, '*', ...fields);
}

const text = (v: unknown) => (Buffer.isBuffer(v) || typeof v === 'string' ? v.toString() : null);

function newsOf(raw: unknown): DocNews | null {
  if (!Array.isArray(raw) || raw.length !== 2 || !Array.isArray(raw[1])) return null;
  const [id, list] = raw as [unknown, unknown[]];
  const f = new Map<string, unknown>();
  for (let i = 0; i + 1 < list.length; i += 2) f.set(String(list[i]), list[i + 1]);
  const [kind, path, node, sv] = [text(f.get('k')), text(f.get('p')), text(f.get('n')), f.get('s')];
  if (path === null || node === null) return null;
  const base = { id: String(id), node, path };
  if (kind === 'removed') return { ...base, kind: 'removed' };
  if (kind === 'saved' && Buffer.isBuffer(sv)) return { ...base, kind: 'saved', sv: new Uint8Array(sv) };
  return null;
}

/** The news entries of an XRANGE/XREAD reply (binary), oldest first; malformed ones are skipped. */
export function parseNews(raw: unknown): DocNews[] {
  return Array.isArray(raw) ? raw.flatMap((e) => newsOf(e) ?? []) : [];
}

/** The id of the newest piece of news (a feed starts reading after it), or 0-0 when there is none. */
export async function lastNewsId(redis: Redis): Promise<string> {
  const last = (await redis.xrevrange(NEWS_STREAM, '+', '-', 'COUNT', 1))[0];
  return last ? last[0] : '0-0';
}
