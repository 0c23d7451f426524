// Why: on start, the run service makes the queue's durability promises true — queued runs stay
// queued; runs that were running in this process when it stopped have their leftover commands
// killed and go back to the queue, to be restarted from their snapshot at most MAX_RUN_RESTARTS
// times (runRestarts.ts; the processor counts them); old snapshots go — and then starts taking
// runs. In cluster mode the queue is shared: a queued run is safe in Redis, and a run marked
// running may be held by a live worker elsewhere, or come back by itself through BullMQ if its
// worker died; what the queue gives up on later is ended here.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { isFinished } from '../../lib/protocol';
import { pruneSnapshots } from './retention';
import type { RunLedger } from './runLedger';
import type { RunProcessor, RunQueue } from './runQueue';
import type { RunRecord } from './runStore';
import { killLeftoverCommands } from './sandbox/leftovers';
import type { RunSettings } from './settings';

export async function recoverRuns(o: {
  ledger: RunLedger;
  queue: RunQueue;
  shared: boolean;
  workspace: string;
  runsDir: string;
  settings: RunSettings;
  log: (m: string) => void;
  process: RunProcessor;
  /** Ends the run as failed with the reason. */
  finish: (run: RunRecord, reason: string) => void;
}): Promise<void> {
  const { ledger, queue, workspace, log } = o;
  await pruneSnapshots({
    store: ledger,
    workspace,
    runsDir: o.runsDir,
    keepMs: o.settings.keepSnapshotsMs,
    now: Date.now(),
    log,
  });
  const wasRunning = o.shared ? [] : ledger.withStatus(workspace, 'running').map((r) => r.id);
  // Before anything starts again: a restarted run must not meet the commands of its stopped attempt.
  const killed = killLeftoverCommands(wasRunning.map((id) => path.join(o.runsDir, id)));
  if (killed) log(`killed ${killed} command(s) left running by interrupted runs`);
  // A run the queue lost track of is queued again, last (queueing a run it has adds nothing).
  if (!o.shared)
    for (const id of [...ledger.withStatus(workspace, 'queued').map((r) => r.id), ...wasRunning])
      await queue.enqueue(id);
  const { interrupted } = await queue.start(o.process, { lost: (runId, reason) => void endLost(runId, reason, o) });
  const restarting = new Set([...interrupted, ...wasRunning]).size;
  if (restarting) log(`${restarting} run(s) interrupted by the restart went back to the queue`);
}

/** A run the queue gave up on (its workers kept dying, or its retries ran out) ends failed. */
async function endLost(
  runId: string,
  reason: string,
  o: { ledger: RunLedger; finish: (run: RunRecord, reason: string) => void; log: (m: string) => void },
): Promise<void> {
  try {
    await o.ledger.sync();
    const run = o.ledger.get(runId);
    if (!run || isFinished(run.status)) return;
    o.ledger.append(runId, {
      kind: 'error',
      itemId: randomUUID(),
      phase: 'completed',
      text: `Failed: ${reason}. Its evidence so far is kept.`,
    });
    o.finish(run, reason);
    await o.ledger.flush();
  } catch (err) {
    o.log(`run ${runId} was lost (${reason}) and could not be marked failed: ${(err as Error).message}`);
  }
}
