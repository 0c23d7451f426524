// Which node writes a file: a short lease per document in Redis, renewed while the node has the
// document open and released when it closes it. A node that dies stops renewing, the lease runs out,
// and another node takes it. This node trusts its lease only until a little before Redis would let
// it expire (measured from before the request was sent). Each new holder gets a fencing token, and a
// write is preceded by an atomic check in Redis that the lease is still this node's under that token:
// a holder that stalled past its lease (a GC pause, SIGSTOP) and missed the take-over does not write.
// What is left is the time from that check's answer to the file's rename (see docs/operations.md).
import type { Redis } from 'ioredis';
import { docKeys } from './keys';
import { FENCE, LEASE, RELEASE, runScript } from './scripts';

export const LEASE_TTL_MS = 5000;
/** A claim or a check that Redis does not answer in this time counts as not held. */
const ANSWER_WAIT_MS = 2000;
/** Trusted for this much less than Redis keeps it. */
const SAFETY_MS = 500;

type Held = { until: number; token: number };

/** A Redis answer, or `fallback` when there is none in time (or an error). */
function answerWithin<T>(p: Promise<T>, fallback: T): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((resolve) => setTimeout(() => resolve(fallback), ANSWER_WAIT_MS).unref()),
  ]).catch(() => fallback);
}

export class FileLeases {
  /** Document id → until when (Date.now()) this node may write it, and under which token. */
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly redis: Redis,
    private readonly nodeId: string,
    private readonly ttlMs = LEASE_TTL_MS,
  ) {}

  holds(docId: string): boolean {
    return (this.held.get(docId)?.until ?? 0) > Date.now();
  }

  /** Takes the lease if it is free, renews it if it is ours; true when this node holds it now. */
  async claim(docId: string): Promise<boolean> {
    const sent = Date.now();
    const k = docKeys(docId);
    const token = await answerWithin(runScript(this.redis, LEASE, [k.lease, k.fence], [this.nodeId, this.ttlMs]), 0);
    if (token > 0) this.held.set(docId, { until: sent + this.ttlMs - SAFETY_MS, token });
    else this.held.delete(docId);
    return token > 0;
  }

  /**
   * Right before writing the file: whether the lease is still this node's under the token it was
   * given, asked of Redis (one script call). False when another node took it meanwhile.
   */
  async mayWrite(docId: string): Promise<boolean> {
    const held = this.held.get(docId);
    if (!held || held.until <= Date.now()) return false;
    const k = docKeys(docId);
    const check = runScript(this.redis, FENCE, [k.lease, k.fence], [this.nodeId, held.token]).then((n) => n === 1);
    const ok = await answerWithin(check, false);
    if (!ok) this.held.delete(docId);
    return ok;
  }

  /** The node holding the lease, or null when it is free. */
  async holder(docId: string): Promise<string | null> {
    return this.redis.get(docKeys(docId).lease);
  }

  /** Frees the lease; with Redis away it is left to run out (a shutdown does not wait for Redis). */
  async release(docId: string): Promise<void> {
    this.held.delete(docId);
    await answerWithin(runScript(this.redis, RELEASE, [docKeys(docId).lease], [this.nodeId]), 0);
  }
}
