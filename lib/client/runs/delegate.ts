// Delegating to the background lane from the browser: start a run with the instruction, the
// active file (in scope) and its selected lines, then open it in the runs panel and follow it.
import type { RunsClient } from '../runsClient';
import { openRun } from '../stores/runListStore';
import { showSidePanel } from '../stores/sidePanelStore';
import type { DelegateRequest } from '../workspaceSession';

export async function delegateRun(runs: RunsClient, req: DelegateRequest): Promise<string> {
  const run = await runs.start({
    instruction: req.instruction,
    ...(req.path ? { path: req.path, ...(req.range ? { range: req.range } : {}) } : {}),
  });
  await followRun(runs, run.id);
  return run.id;
}

/** A run that has started (here, or by the server on Enter): open it and follow its evidence. */
export async function followRun(runs: RunsClient, runId: string): Promise<void> {
  openRun(runId);
  showSidePanel('runs');
  await runs.watch(runId);
}
