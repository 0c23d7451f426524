// Noticing that Redis lost its data (restarted without its append-only file, flushed, or failed over
// to an empty replica): the first node to start writes a random cluster epoch, every node remembers
// it, and each checks it every second and whenever its connection comes back. A missing or different
// epoch means the document logs are gone or started again: the node adopts the new epoch (the first
// to notice writes it) and has every document open here written again from memory.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { EPOCH_KEY } from './keys';

/** How often a node looks at the epoch (a FLUSHALL does not drop the connection). */
const CHECK_EVERY_MS = 1000;

/** The epoch Redis holds now, written first when it has none (SET NX: one node's wins). */
async function currentEpoch(redis: Redis): Promise<string> {
  await redis.set(EPOCH_KEY, randomUUID(), 'NX');
  const epoch = await redis.get(EPOCH_KEY);
  if (!epoch) throw new Error(`${EPOCH_KEY} vanished as it was written`);
  return epoch;
}

export class ClusterEpoch {
  private lostFn: (() => void) | null = null;
  private checking = false;
  private readonly timer: NodeJS.Timeout;
  private readonly onReady = () => void this.check();

  private constructor(
    private readonly redis: Redis,
    private epoch: string,
    private readonly log: (m: string) => void,
  ) {
    this.timer = setInterval(() => void this.check(), CHECK_EVERY_MS);
    this.timer.unref();
    redis.on('ready', this.onReady);
  }

  static async start(redis: Redis, log: (m: string) => void): Promise<ClusterEpoch> {
    return new ClusterEpoch(redis, await currentEpoch(redis), log);
  }

  /** What to do when Redis turns out to have lost its data. */
  onLost(fn: () => void): void {
    this.lostFn = fn;
  }

  private async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const seen = await this.redis.get(EPOCH_KEY);
      if (seen === this.epoch) return;
      const was = this.epoch;
      this.epoch = await currentEpoch(this.redis);
      this.log(
        `Redis lost its data (the cluster epoch ${was} is ${seen ? `now ${seen}` : 'gone'}): ` +
          'the documents open on this node are written to it again from memory',
      );
      this.lostFn?.();
    } catch {
      // Redis is away: the next check (or its return) tells.
    } finally {
      this.checking = false;
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.redis.off('ready', this.onReady);
  }
}
