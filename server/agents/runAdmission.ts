// Why: admitting a run is one ordered promise — check the request, write the run and its first
// evidence durably, capture the live texts, then queue it — and a run that cannot be queued must
// end `failed` with the reason rather than sit `queued` forever. RunService calls it; the order
// lives here, apart from the service's other duties.
import { randomUUID } from 'node:crypto';
import { ProtocolFailure, type RunStartRequest } from '../../lib/protocol';
import type { ModelProvider } from '../models/provider';
import type { TranscriptStore } from '../fastlane/transcriptStore';
import type { WorkspaceConfigFile } from '../workspace/workspaceConfig';
import type { Workspace } from '../workspace/workspace';
import { readApprovalPolicy } from './approvalPolicy';
import { buildHandoffEvidence } from './handoffEvidence';
import type { RunBackend } from './runBackend';
import { runPriority } from './runPriority';
import { newRunRecord, queuedText } from './runRecord';
import type { RunRecord } from './runStore';
import type { RunReport } from './runWorker';
import type { RunSettings } from './settings';
import { resolveValidation } from './validation';

export type RunAdmissionDeps = {
  workspace: Pick<Workspace, 'root' | 'resolve'>;
  config: WorkspaceConfigFile;
  transcripts: Pick<TranscriptStore, 'recent'>;
  backend: Pick<RunBackend, 'ledger' | 'queue' | 'liveTexts'>;
  settings: RunSettings;
  provider: Pick<ModelProvider, 'info'>;
  report?: Pick<RunReport, 'admit'>;
  /** Ends a run that could not be queued. */
  fail: (run: RunRecord, reason: string) => void;
};

/** Writes the run and queues it; returns its id. Bad input throws before anything is written. */
export async function admitRun(
  req: RunStartRequest & { context?: string },
  by: string,
  d: RunAdmissionDeps,
): Promise<string> {
  const { workspace, backend } = d;
  const { ledger, queue } = backend;
  const files = [...new Set([...(req.path ? [req.path] : []), ...(req.files ?? [])])];
  for (const f of files) workspace.resolve(f);
  if (req.range && !req.path) throw new ProtocolFailure('bad_request', 'a range needs the path of its file');
  ledger.assertWritable();
  d.report?.admit();
  const validation = resolveValidation(req.validation, workspace.root, d.config);
  // The figures come from the server's own transcript, not from the browser.
  const handoffEvidence = req.handoff
    ? buildHandoffEvidence(req.handoff, await d.transcripts.recent(req.handoff.path), by)
    : null;
  const run = newRunRecord({
    root: workspace.root,
    instruction: req.instruction,
    request: {
      files,
      path: req.path ?? null,
      range: req.range ?? null,
      context: req.context ?? null,
      handoff: req.handoff ?? null,
      handoffEvidence,
      approvals: readApprovalPolicy(d.config),
    },
    validation,
    by,
    settings: d.settings,
    model: d.provider.info,
  });
  // Evidence first: the one `updated` the insert announces already counts it.
  if (handoffEvidence)
    ledger.append(run.id, { kind: 'handoff', itemId: randomUUID(), phase: 'completed', handoff: handoffEvidence });
  ledger.append(run.id, { kind: 'status', itemId: randomUUID(), phase: 'completed', text: queuedText(run) });
  ledger.insert(run);
  await ledger.flush();
  try {
    await backend.liveTexts.capture(run.id);
    await queue.enqueue(run.id, runPriority(run));
  } catch (err) {
    d.fail(run, `could not be queued: ${(err as Error).message}`);
    await ledger.flush();
    throw err;
  }
  return run.id;
}
