// Why: the tests of runs whose worker dies need a holder that takes a run and then vanishes
// without a word — no lock renewal, no release — as a worker killed mid-run does, but in a
// fraction of a second (a BullMQ worker closed by force), so a test can do it three times.
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { BULLMQ_PREFIX, runKeys } from './redisKeys';

export async function crashingHolder(
  redisUrl: string,
  workspace: string,
  timing: { lockMs: number; stalledCheckMs: number },
): Promise<void> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', () => undefined);
  let taken!: () => void;
  const took = new Promise<void>((r) => (taken = r));
  const worker = new Worker(
    runKeys(workspace).queueName,
    () => {
      taken();
      return new Promise<void>(() => undefined);
    },
    {
      connection,
      prefix: BULLMQ_PREFIX,
      lockDuration: timing.lockMs,
      stalledInterval: timing.stalledCheckMs,
      maxStalledCount: 2,
    },
  );
  worker.on('error', () => undefined);
  await took;
  await worker.close(true);
  connection.disconnect();
}
