// The other nodes' edits, as they reach this node: one blocking XREAD over the logs of every
// document open here, each read from the last entry this node has applied (so a reconnect to Redis
// resumes where it stopped). Entries this node wrote are skipped, and the others of one read are
// applied as one merged update (one transaction, one message to the room however far behind the
// node was); a jump in the sequence (another node compacted past where this one was) reloads the
// snapshot; a log Redis lost is read again from its start. Applying twice is harmless: Yjs ignores
// what a document already has. The same read follows the cluster's news about documents
// (docNews.ts), also from where it stopped.
import type { Redis } from 'ioredis';
import * as Y from 'yjs';
import { parseNews, type DocNews } from './docNews';
import { docKeys, entryId, NEWS_STREAM } from './keys';
import { parseRange, streamsOf } from './logEntries';
import type { RedisDocStore } from './redisDocStore';

type Follow = { docId: string; seq: number; apply: (update: Uint8Array) => void };

/** How long one XREAD waits for news before it is issued again. */
const BLOCK_MS = 5000;
const READ_COUNT = 500;

export class DocFeed {
  private readonly follows = new Map<string, Follow>();
  private running = true;
  private readerId: number | null = null;
  /** Counts reads; the one in flight, or null between reads. */
  private reads = 0;
  private reading: number | null = null;
  private wake: (() => void) | null = null;
  private onNews: (news: DocNews) => void = () => undefined;
  private readonly loop: Promise<void>;

  constructor(
    /** A connection of its own: XREAD BLOCK holds it. */
    private readonly reader: Redis,
    /** The shared connection, used to interrupt the reader when the set of documents changes. */
    private readonly commands: Redis,
    private readonly nodeId: string,
    private readonly store: RedisDocStore,
    private readonly log: (m: string) => void,
    /** The last piece of news when the node started (lastNewsId): the feed reads on from there. */
    private newsFrom: string,
  ) {
    this.reader.on('ready', () => {
      this.readerId = null;
    });
    this.loop = this.run();
  }

  /** Applies the other nodes' updates of `docId` written after `seq`, until the returned stop is called. */
  follow(docId: string, seq: number, apply: (update: Uint8Array) => void): () => void {
    const key = docKeys(docId).log;
    const f: Follow = { docId, seq, apply };
    this.follows.set(key, f);
    this.interrupt();
    return () => {
      if (this.follows.get(key) === f) this.follows.delete(key);
    };
  }

  /** What to do with the other nodes' news about documents. */
  news(fn: (news: DocNews) => void): void {
    this.onNews = fn;
  }

  /** Whether `news` was told after this node loaded `docId` (older news is about an earlier file at its path). */
  newer(docId: string, news: DocNews): boolean {
    return this.store.loadedBefore(docId, Number(news.id.slice(0, news.id.indexOf('-'))));
  }

  /** Reads `docId`'s log again from its start: Redis lost it, and the nodes are writing it again. */
  restart(docId: string): void {
    const f = this.follows.get(docKeys(docId).log);
    if (!f) return;
    f.seq = 0;
    this.interrupt();
  }

  /** Ends the read in flight, so the next one includes a document just opened. */
  private interrupt(tries = 20): void {
    if (this.wake) return this.wake();
    const read = this.reading;
    if (read === null || this.readerId === null) return;
    this.commands.client('UNBLOCK', this.readerId).then(
      // 0: the read had not reached Redis yet; try again while it is still the one in flight.
      (n) => {
        if (Number(n) === 0 && tries > 0 && this.reading === read) setTimeout(() => this.interrupt(tries - 1), 5);
      },
      () => undefined,
    );
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (this.follows.size === 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        continue;
      }
      try {
        this.readerId ??= Number(await this.reader.client('ID'));
        await this.readOnce();
      } catch (err) {
        if (!this.running) return;
        this.log(`document feed: ${(err as Error).message}; retrying`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  private async readOnce(): Promise<void> {
    const asked = new Map([...this.follows].map(([key, f]) => [key, { f, seq: f.seq }]));
    const keys = [...asked.keys()];
    const ids = keys.map((k) => entryId(asked.get(k)!.seq));
    const newsFrom = this.newsFrom;
    this.reading = ++this.reads;
    let raw: unknown;
    try {
      raw = await this.reader.xreadBuffer(
        'COUNT',
        READ_COUNT,
        'BLOCK',
        BLOCK_MS,
        'STREAMS',
        ...keys,
        NEWS_STREAM,
        ...ids,
        newsFrom,
      );
    } finally {
      this.reading = null;
    }
    const streams = streamsOf(raw);
    await this.readLogs(asked, streams);
    if (this.newsFrom !== newsFrom) return;
    for (const news of parseNews(streams.get(NEWS_STREAM))) {
      this.newsFrom = news.id;
      if (news.node !== this.nodeId) this.onNews(news);
    }
  }

  private async readLogs(asked: Map<string, { f: Follow; seq: number }>, streams: Map<string, unknown>) {
    for (const [key, raw] of streams) {
      const entries = parseRange(raw);
      const f = asked.get(key)?.f;
      // Closed (or closed and opened again, with its own starting point), or restarted, while the read was out.
      if (!f || this.follows.get(key) !== f || f.seq !== asked.get(key)!.seq || entries.length === 0) continue;
      if (entries[0].seq > f.seq + 1) {
        await this.catchUp(f);
        continue;
      }
      this.applyAll(f, entries);
      f.seq = entries.at(-1)!.seq;
    }
  }

  /** The other nodes' updates among `entries`, applied as one (one transaction, one emit to the room). */
  private applyAll(f: Follow, entries: { node: string; update: Uint8Array }[], first?: Uint8Array): void {
    const updates = entries.filter((e) => e.node !== this.nodeId).map((e) => e.update);
    if (first) updates.unshift(first);
    if (updates.length > 0) f.apply(updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
  }

  /** Entries this node had not read were compacted away: the snapshot and the rest of the log. */
  private async catchUp(f: Follow): Promise<void> {
    const { snapshot, snapSeq, entries } = await this.store.read(f.docId);
    this.applyAll(f, entries, snapshot ?? undefined);
    f.seq = Math.max(f.seq, entries.at(-1)?.seq ?? snapSeq);
  }

  async close(): Promise<void> {
    this.running = false;
    this.follows.clear();
    this.wake?.();
    this.reader.disconnect();
    await this.loop.catch(() => undefined);
  }
}
