// Which node writes a file: a short lease per document in Redis (SET NX PX), renewed while the
// node has the document open and released when it closes it. A node that dies stops renewing, the
// lease runs out, and another node takes it. This node trusts its lease only until a little before
// Redis would let it expire (measured from before the request was sent), so it never writes on a
// lease Redis may already have handed to someone else — unless its own clock stalls (see
// docs/operations.md: no fencing on the file system).
import type { Redis } from 'ioredis';
import { docKeys } from './keys';
import { CLAIM, RELEASE, runScript } from './scripts';

export const LEASE_TTL_MS = 5000;
/** A claim that Redis does not answer in this time counts as not held. */
const CLAIM_WAIT_MS = 2000;
/** Trusted for this much less than Redis keeps it. */
const SAFETY_MS = 500;

export class FileLeases {
  /** Document id → until when (Date.now()) this node may write it. */
  private readonly held = new Map<string, number>();

  constructor(
    private readonly redis: Redis,
    private readonly nodeId: string,
    private readonly ttlMs = LEASE_TTL_MS,
  ) {}

  holds(docId: string): boolean {
    return (this.held.get(docId) ?? 0) > Date.now();
  }

  /** Takes the lease if it is free, renews it if it is ours; true when this node holds it now. */
  async claim(docId: string): Promise<boolean> {
    const sent = Date.now();
    const claimed = await Promise.race([
      runScript(this.redis, CLAIM, [docKeys(docId).lease], [this.nodeId, this.ttlMs]).then((n) => n === 1),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), CLAIM_WAIT_MS).unref()),
    ]).catch(() => false);
    if (claimed) this.held.set(docId, sent + this.ttlMs - SAFETY_MS);
    else this.held.delete(docId);
    return claimed;
  }

  /** The node holding the lease, or null when it is free. */
  async holder(docId: string): Promise<string | null> {
    return this.redis.get(docKeys(docId).lease);
  }

  async release(docId: string): Promise<void> {
    this.held.delete(docId);
    await runScript(this.redis, RELEASE, [docKeys(docId).lease], [this.nodeId]).catch(() => undefined);
  }
}
