// A run as it is stored (a new one, queued with empty progress) and as the browser sees it (the
// summary): pure, so the service composes I/O and these two shapes stay tested in one place.
import type { HunkDecisionKind, ModelInfo, RunSummary, RunValidation } from '../../lib/protocol';
import type { RunRecord, RunRequestData, RunState } from './runStore';
import type { RunSettings } from './settings';
import { randomUUID } from 'node:crypto';

export type NewRun = {
  root: string;
  instruction: string;
  request: RunRequestData;
  validation: RunValidation;
  by: string;
  settings: Pick<RunSettings, 'maxSteps' | 'maxTokens'>;
  model: ModelInfo;
};

export function newRunRecord(n: NewRun): RunRecord {
  return {
    id: randomUUID(),
    workspace: n.root,
    status: 'queued',
    instruction: n.instruction,
    request: n.request,
    validation: n.validation,
    by: n.by,
    state: {
      reason: null,
      summary: null,
      progress: {
        steps: 0,
        maxSteps: n.settings.maxSteps,
        tokens: 0,
        maxTokens: n.settings.maxTokens,
        toolCalls: 0,
        last: null,
      },
      isolation: null,
      sandbox: null,
      validationResult: null,
      diffStat: null,
      model: n.model,
    },
    snapshot: null,
    createdAt: Date.now(),
    startedAt: null,
    finishedAt: null,
  };
}

export function summarizeRun(r: RunRecord, lastSeq: number, review: Record<HunkDecisionKind, number>): RunSummary {
  return {
    id: r.id,
    instruction: r.instruction,
    files: r.request.files,
    path: r.request.path,
    range: r.request.range,
    by: r.by,
    status: r.status,
    validation: r.validation,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    lastSeq,
    review,
    hasContext: r.request.context !== null,
    handoff: r.request.handoff ?? null,
    ...shownState(r.state),
  };
}

/** The restart count stays on the server: the evidence tells people of each restart. */
function shownState(state: RunState): Omit<RunState, 'restarts'> {
  const shown = { ...state };
  delete shown.restarts;
  return shown;
}

/** The run's first status line: who queued it, what, how it will be checked, where it came from. */
export function queuedText(run: RunRecord): string {
  const { validation, request } = run;
  const checks = validation.command
    ? `validation: \`${validation.command}\` (from ${validation.source})`
    : 'no validation command: the run will not be validated';
  const from = request.handoff
    ? ` Handed off from the fast-lane edit "${request.handoff.instruction}" on ${request.handoff.path}.`
    : '';
  return `Queued by ${run.by}: ${run.instruction} — ${checks}.${from}`;
}

/** The evidence line of a review: who decided what on how many hunks. */
export function reviewText(decisions: { decision: string }[], by: string): string {
  const count = (k: string) => decisions.filter((d) => d.decision === k).length;
  const parts = (['applied', 'rejected', 'conflict', 'accepted'] as const)
    .filter((k) => count(k) > 0)
    .map((k) => `${count(k)} ${k}`);
  return `Review by ${by}: ${parts.join(', ')} hunk(s).`;
}
