// The fast lane's transcript in a cluster: in Redis, so a turn made on one node is in every node's
// side panel and in the prompt history of a request on the same range, whichever node takes it.
// Shape (every key under one hash tag per workspace, `tandem:fast:{<workspace>}`):
// - `…:turn:<requestId>`, a hash per turn: rec (the record's JSON without its output), out, outcome,
//   info, msg, seq, created, node (the node that records it);
// - `…:path:<path>`, a sorted set of the file's turns by creation time, kept to the last KEEP_PER_PATH
//   (older turns are deleted with it); turns and lists expire KEEP_MS after their last write;
// - `…:streaming`, a hash of the turns recorded as streaming → their node; `…:alive:<node>`, a key each
//   node renews while it runs. At start a node ends its own streaming turns (a crash cut them) and
//   those of nodes that are no longer alive; every renewal sweeps dead nodes' turns again. A live
//   node's turns are never touched.
// Each save is one script call (atomic); a turn's saves go out on one connection, in order, and a
// streaming turn is saved at most every 0.5 s (turnRecorder.ts), so the token path sends nothing.
// Redis away: saves wait in the client's queue and land, in order, when it is back (as the document
// log's appends do); a read that Redis does not answer within the durable wait is refused with a
// clear message, except the prompt history, which a turn starts without after HISTORY_WAIT_MS.
// The prompt history comes from the node's memory of the file when it has it (historyCache.ts):
// a new request then makes no round trip before its model request.
import type { Redis } from 'ioredis';
import { ProtocolFailure } from '../../lib/protocol';
import type { FastTurnInfo, FastTurnRecord, FastTurnSnapshot, GhostOutcome, GhostState } from '../../lib/protocol/fast';
import type { LineRange } from '../../lib/protocol/shapes';
import { durableWithin } from '../cluster/durableWithin';
import { KEY_PREFIX } from '../cluster/keys';
import { evalScript } from '../cluster/scripts';
import type { PromptHistory } from './prompt';
import {
  leftSnapshot,
  overlaps,
  promptHistory,
  PROMPT_HISTORY_TURNS,
  RECENT_TURNS,
  type TranscriptEntry,
  type TranscriptStore,
} from './transcriptStore';
import { HistoryCache, type HistoryRow } from './historyCache';
import { END_STREAMING, READ_TURNS, SAVE_TURN } from './transcriptScripts';

/** Turns kept per file (the side panel lists 20; the prompt looks through the latest HISTORY_SCAN). */
export const KEEP_PER_PATH = 200;
/** A turn (and a file's list) not written for this long is dropped. */
export const KEEP_MS = 30 * 24 * 3600_000;
/** How far back the prompt looks for turns on an overlapping range. */
const HISTORY_SCAN = 50;
/** A turn does not wait longer than this for its prompt history. */
export const HISTORY_WAIT_MS = 500;
/** A node renews its alive key this often; a node silent for ALIVE_MS is taken for dead. */
const ALIVE_RENEW_MS = 5000;
const ALIVE_MS = 30_000;

/** The record without its output, as stored in `rec`. */
type StoredRecord = Omit<FastTurnRecord, 'output' | 'outcome' | 'createdAt'>;

/** News between the nodes that a file's transcript has a new finished turn (at most once). */
export type TranscriptPeers = { tell(path: string): void; listen(fn: (path: string) => void): void };

const transcriptKeys = (workspace: string) => {
  const base = `${KEY_PREFIX}fast:{${workspace}}`;
  return {
    turn: `${base}:turn:`,
    path: (path: string) => `${base}:path:${path}`,
    streaming: `${base}:streaming`,
    alive: `${base}:alive:`,
  };
};

export class RedisTranscriptStore implements TranscriptStore {
  private readonly keys;
  private readonly timer: NodeJS.Timeout;
  private readonly cache = new HistoryCache(HISTORY_SCAN);

  constructor(
    private readonly redis: Redis,
    workspace: string,
    private readonly opts: { nodeId: string; waitMs: number; log: (m: string) => void; peers?: TranscriptPeers },
  ) {
    this.keys = transcriptKeys(workspace);
    opts.peers?.listen((path) => this.cache.drop(path));
    this.timer = setInterval(() => void this.renew(), ALIVE_RENEW_MS);
    this.timer.unref();
  }

  async save(turn: TranscriptEntry): Promise<void> {
    const { output, outcome, createdAt, original: _original, info, message, seq, ...rec } = turn;
    void _original; // the info holds the original range text
    // This node's next prompt on the file sees the turn at once, as with SQLite.
    this.cache.note(turn.path, historyRow(rec, outcome, createdAt));
    await evalScript(
      this.redis,
      SAVE_TURN,
      [this.keys.turn + turn.requestId, this.keys.path(turn.path), this.keys.streaming],
      [
        turn.requestId,
        JSON.stringify(rec satisfies StoredRecord),
        output,
        outcome,
        JSON.stringify(info),
        message ?? '',
        seq,
        createdAt,
        this.opts.nodeId,
        KEEP_PER_PATH,
        KEEP_MS,
        this.keys.turn,
      ],
    );
    if (outcome !== 'streaming') this.opts.peers?.tell(turn.path);
  }

  /** This node's turns left streaming (a crash), and those of nodes that are gone. */
  async endStreaming(message: string): Promise<number> {
    const ended = await this.sweep(this.opts.nodeId, message);
    await this.renew();
    return ended;
  }

  async left(requestId: string): Promise<FastTurnSnapshot | null> {
    const [rec, out, outcome, info, msg, seq, created] = await this.read(
      this.redis.hmget(this.keys.turn + requestId, 'rec', 'out', 'outcome', 'info', 'msg', 'seq', 'created'),
    );
    if (rec === null || outcome === null) return null;
    const record = toRecord(rec, out, outcome, created);
    return leftSnapshot(record, info ? (JSON.parse(info) as FastTurnInfo) : null, msg || null, Number(seq ?? 0));
  }

  async resolveLeft(requestId: string, outcome: GhostOutcome, seq: number): Promise<void> {
    const key = this.keys.turn + requestId;
    const written = this.redis
      .multi()
      .hset(key, 'outcome', outcome, 'msg', '', 'seq', seq)
      .hdel(this.keys.streaming, requestId)
      .exec();
    await durableWithin(
      written.then(() => undefined),
      this.opts.waitMs,
    );
  }

  async recent(path: string, limit = RECENT_TURNS): Promise<FastTurnRecord[]> {
    const rows = await this.read(this.turns(path, limit, ['rec', 'out', 'outcome', 'created']));
    return rows.flatMap(([rec, out, outcome, created]) =>
      rec && outcome ? [toRecord(rec, out ?? '', outcome, created)] : [],
    );
  }

  /** From this node's memory of the file when it has it (no round trip), else read from Redis. */
  async history(path: string, range: LineRange, limit = PROMPT_HISTORY_TURNS): Promise<PromptHistory[]> {
    const rows = this.cache.get(path, Date.now()) ?? (await this.readHistory(path));
    return rows
      .filter((r) => overlaps(r.range, range))
      .slice(0, limit)
      .map(promptHistory)
      .reverse();
  }

  /** A file's recent finished turns from Redis, remembered; none when Redis does not answer in time. */
  private async readHistory(path: string): Promise<HistoryRow[]> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), HISTORY_WAIT_MS)));
    const read = this.turns(path, HISTORY_SCAN, ['rec', 'outcome', 'created']);
    const rows = await Promise.race([read, late])
      .catch((err: unknown) => {
        this.opts.log(`prompt history of ${path}: ${err instanceof Error ? err.message : String(err)}`);
        return null;
      })
      .finally(() => clearTimeout(timer));
    if (rows === null) {
      this.opts.log(`prompt history of ${path}: none from Redis in ${HISTORY_WAIT_MS} ms, the turn starts without`);
      return [];
    }
    const found = rows.flatMap(([rec, outcome, created]): HistoryRow[] => {
      if (!rec || !outcome || outcome === 'streaming') return [];
      return [historyRow(JSON.parse(rec) as StoredRecord, outcome as GhostState, Number(created ?? 0))];
    });
    this.cache.put(path, found, Date.now());
    return found;
  }

  /** Stops renewing this node's alive key and drops it (its turns are ended or recorded by now). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.del(this.keys.alive + this.opts.nodeId);
  }

  /** The latest turns of a file, newest first: the asked fields of each (null for a turn gone meanwhile). */
  private async turns(path: string, limit: number, fields: string[]): Promise<(string | null)[][]> {
    const reply = await evalScript(this.redis, READ_TURNS, [this.keys.path(path)], [limit, this.keys.turn, ...fields]);
    return (reply as (string | null)[][]).map((row) => row.map((v) => (v === null ? null : String(v))));
  }

  /** Ends the streaming turns of nodes without an alive key, and of `self` (none: '') with `message`. */
  private async sweep(self: string, message: string): Promise<number> {
    const reply = await evalScript(
      this.redis,
      END_STREAMING,
      [this.keys.streaming],
      [self, message, this.keys.turn, this.keys.alive, 'the cluster node %s stopped while this streamed'],
    );
    return Number(reply);
  }

  private async renew(): Promise<void> {
    try {
      await this.redis.set(this.keys.alive + this.opts.nodeId, '1', 'PX', ALIVE_MS);
      const ended = await this.sweep('', '');
      if (ended > 0) this.opts.log(`${ended} fast-lane turn(s) of stopped node(s) are on record as interrupted`);
    } catch {
      // Redis is away: the next renewal tells.
    }
  }

  /** A read Redis does not answer in time is refused, with why. */
  private read<T>(reply: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ProtocolFailure(
              'unavailable',
              `the cluster's Redis has not answered for ${shownMs(this.opts.waitMs)}: ` +
                'the transcript is kept there, try again when Redis is back',
            ),
          ),
        this.opts.waitMs,
      );
    });
    return Promise.race([reply, late]).finally(() => clearTimeout(timer));
  }
}

function toRecord(rec: string, out: string | null, outcome: string, created: string | null): FastTurnRecord {
  const r = JSON.parse(rec) as StoredRecord;
  return { ...r, output: out ?? '', outcome: outcome as GhostState, createdAt: Number(created ?? 0) };
}

const shownMs = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`);

const historyRow = (r: StoredRecord, outcome: GhostState, createdAt: number): HistoryRow => ({
  requestId: r.requestId,
  range: r.range,
  instruction: r.instruction,
  redirects: r.redirects,
  outcome,
  createdAt,
});
