// Why: a run's snapshot includes the unsaved text of open documents. In the embedded mode the
// process that takes the snapshot holds the documents, and reads them when the run starts. In
// cluster mode a worker holds none: the node that queues the run keeps the texts in Redis (as
// they were when the person asked), and whichever worker takes the run reads them from there.
import { Redis } from 'ioredis';
import { runKeys } from './redisKeys';
import type { LiveText } from './snapshot/snapshot';

export interface LiveTextSource {
  /** Called when a run is queued. */
  capture(runId: string): Promise<void>;
  /** The texts to lay over the run's snapshot. */
  read(runId: string): Promise<LiveText[]>;
}

type OpenDocs = { openTexts(): Promise<LiveText[]> };

/** Embedded: the open documents as they are when the run starts. */
export function openDocsNow(docs: OpenDocs): LiveTextSource {
  return { capture: async () => undefined, read: () => docs.openTexts() };
}

const KEEP_S = 7 * 24 * 60 * 60;

/** Cluster mode: kept in Redis for a week when the run is queued. */
export class RedisLiveTexts implements LiveTextSource {
  private readonly keys;

  constructor(
    private readonly redis: Redis,
    workspace: string,
    private readonly docs: OpenDocs,
  ) {
    this.keys = runKeys(workspace);
  }

  async capture(runId: string): Promise<void> {
    await this.redis.set(this.keys.liveTexts(runId), JSON.stringify(await this.docs.openTexts()), 'EX', KEEP_S);
  }

  async read(runId: string): Promise<LiveText[]> {
    const raw = await this.redis.get(this.keys.liveTexts(runId));
    return raw === null ? [] : (JSON.parse(raw) as LiveText[]);
  }
}
