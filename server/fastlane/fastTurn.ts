// One fast-lane turn as the server holds it, and its bookkeeping: what it has told everyone (the
// shared turn model, folded from the very events it emits) and each measured figure sent to the
// metrics hub once. Its transcript writes: turnRecorder.ts.
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import type { ClientMetrics, FastTurnInfo, ModelInfo, ServerTurnMetrics } from '../../lib/protocol/fast';
import type { LatencyKey } from '../../lib/protocol/metrics';
import { newTurn, type TurnModel } from '../../lib/fastlane/turnModel';
import type { TokenCount } from '../metrics/tokenCount';
import { SteerHandle } from '../models/steering';
import { DeltaBatcher } from './deltaBatcher';
import type { FastStart } from './fastSession';
import { GhostOutput, type OutputDelta } from './ghostOutput';
import type { PromptHistory } from './prompt';

/** Where a session reports what it measured and what it spent (the metrics hub). */
export type FastSessionReport = {
  figures(values: Partial<Record<LatencyKey, number | undefined>>): void;
  usage(person: string, count: TokenCount): void;
};

export type Turn = {
  info: FastTurnInfo;
  /** Text the request took along (an answer an edit is made from); it goes into every generation's prompt. */
  context: string | null;
  /** Earlier requests on the range, read once when the turn started: every generation's prompt shows them. */
  history: PromptHistory[];
  /** What everyone has been told: state, output sent so far, redirects, figures, event number. */
  view: TurnModel;
  /** The output as generated, including text not sent yet (the batcher's). */
  output: GhostOutput;
  /** Bumped whenever the running generation must stop (interrupt, redirect, resolve, end). */
  generation: number;
  controller: AbortController;
  /** Settles when the current generation's upstream response has closed on this side. */
  streamEnded: Promise<void>;
  /** Bound by the provider while the running response can be steered natively. */
  steering: SteerHandle;
  /** A redirect sent as a native steer and not yet committed by the provider (its successor). */
  pendingSteer: PendingRedirect | null;
  metrics: ServerTurnMetrics & ClientMetrics;
  receivedAt: number;
  redirectAt: number | null;
  batcher: DeltaBatcher;
  /** Figures already sent to the metrics hub (each is reported once per turn). */
  reported: Set<LatencyKey>;
};

/** What a new turn is, as everyone is told: the range's text and its anchors in the shared document. */
export function turnInfo(
  text: Y.Text,
  lines: string[],
  req: FastStart,
  on: { path: string; by: { client: string; name: string }; model: ModelInfo; reason: string },
): FastTurnInfo {
  const { range } = req;
  let startOffset = 0;
  for (let i = 0; i < range.startLine - 1; i++) startOffset += lines[i].length + 1;
  const original = lines.slice(range.startLine - 1, range.endLine).join('\n');
  return {
    requestId: req.requestId ?? randomUUID(),
    path: on.path,
    by: on.by.name,
    byClient: on.by.client,
    instruction: req.instruction,
    range,
    original,
    anchor: {
      start: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, startOffset, 0)),
      end: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, startOffset + original.length, -1)),
    },
    model: on.model,
    lane: 'fast',
    intent: req.intent ?? 'edit',
    ...(req.alternative ? { alternative: req.alternative } : {}),
    reason: req.reason ?? on.reason,
  };
}

/** A turn before its first generation: nothing sent, nothing measured. */
export function newServerTurn(
  info: FastTurnInfo,
  context: string | null,
  history: PromptHistory[],
  receivedAt: number,
  send: (delta: OutputDelta) => void,
): Turn {
  return {
    info,
    context,
    history,
    view: newTurn(info),
    output: new GhostOutput(),
    generation: 0,
    controller: new AbortController(),
    streamEnded: Promise.resolve(),
    steering: new SteerHandle(),
    pendingSteer: null,
    metrics: {},
    receivedAt,
    redirectAt: null,
    batcher: new DeltaBatcher(send),
    reported: new Set(),
  };
}

/** A redirect as the session needs it to restart the generation (a refused steer falls back to that). */
export type PendingRedirect = {
  instruction: string;
  language: string | null;
  before: string;
  after: string;
};

const REPORTED = [
  'harnessMs',
  'ttftMs',
  'tokensPerSec',
  'interruptToCloseMs',
  'redirectToFirstTokenMs',
  'submitToFirstPaintMs',
] as const;

/** Sends the figures this turn has that were not reported yet. */
export function reportFigures(turn: Turn, report: FastSessionReport): void {
  const values: Partial<Record<LatencyKey, number>> = {};
  for (const key of REPORTED) {
    const v = turn.metrics[key];
    if (v === undefined || turn.reported.has(key)) continue;
    if (key === 'tokensPerSec' && turn.view.state === 'streaming') continue;
    values[key] = v;
    turn.reported.add(key);
  }
  if (Object.keys(values).length) report.figures(values);
}
