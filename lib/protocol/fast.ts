// The fast lane on the wire: a person asks for a rewrite of a line range; the model's output
// streams to everyone with the file open as `fast/delta`s; the asker can interrupt, redirect,
// and finally accept (applied by the asker's own client, as one undo step) or reject.
import { z } from 'zod';
import { workspacePathSchema } from './paths';
import { FAST_INTENTS, type FastIntent, type ModelLane } from './route';
import { boundedLineRangeSchema, instructionSchema, type LineRange } from './shapes';

/** Longest range the fast lane takes; longer work belongs to the background lane. */
export const MAX_FAST_RANGE_LINES = 2000;

/** A range the fast lane takes. */
export const fastRangeSchema = boundedLineRangeSchema(
  MAX_FAST_RANGE_LINES,
  `a fast edit covers at most ${MAX_FAST_RANGE_LINES} lines: send longer work to the background lane`,
);
const fastInstructionSchema = instructionSchema('the instruction is empty: say what to change');

export const requestIdSchema = z.string().min(1).max(64);
/** A request id the asker's browser chose, so it knows its own turn by id before the server answers. */
export const clientRequestIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'requestId must be 8–64 letters, digits, "-" or "_"');

/** Text a turn takes along as context, e.g. the answer an edit is made from ("apply this"). */
export const turnContextSchema = z.string().max(20_000, 'the context is longer than 20,000 characters');

/** Alternatives ×N: turns of one group rewrite the same range side by side; one is picked. */
export const MAX_ALTERNATIVES = 4;
export const alternativeSchema = z
  .object({
    /** The request id of the group's first turn. */
    group: clientRequestIdSchema,
    index: z
      .number()
      .int()
      .min(0)
      .max(MAX_ALTERNATIVES - 1),
    of: z.number().int().min(2).max(MAX_ALTERNATIVES),
  })
  .refine((a) => a.index < a.of, "an alternative's index must be below the number of alternatives");
export type Alternative = z.infer<typeof alternativeSchema>;

/** The request id of a group's alternative `index` (the first keeps the group's own id). */
export function alternativeRequestId(group: string, index: number): string {
  return index === 0 ? group : `${group.slice(0, 58)}-alt${index}`;
}

export const fastStartSchema = z.object({
  /** Optional: the id this turn will have (unique); the server makes one when absent. */
  requestId: clientRequestIdSchema.optional(),
  path: workspacePathSchema,
  range: fastRangeSchema,
  instruction: fastInstructionSchema,
  /** Why the router (or the person) chose the fast lane, recorded with the turn. */
  reason: z.string().max(500).optional(),
  /** `answer`: the fast model answers a question about the range in words (markdown), nothing is applied. */
  intent: z.enum(FAST_INTENTS).optional(),
  context: turnContextSchema.optional(),
  alternative: alternativeSchema.optional(),
});
/** How much of the output the asker's browser had shown when it stopped following the stream:
 * the server cuts its copy to it, so a redirect continues from what the person saw. */
const keptLengthSchema = z.number().int().min(0).max(10_000_000).optional();
export const fastRedirectSchema = z.object({
  requestId: requestIdSchema,
  instruction: fastInstructionSchema,
  keptLength: keptLengthSchema,
});
export const fastInterruptSchema = z.object({ requestId: requestIdSchema, keptLength: keptLengthSchema });
/** Asks for a turn's snapshot (after a gap in its event numbers). */
export const fastSnapshotSchema = z.object({ path: workspacePathSchema, requestId: requestIdSchema });

const msSchema = z.number().finite().min(0).max(3_600_000);
export const clientMetricsSchema = z
  .object({
    submitToFirstPaintMs: msSchema,
    deliveryToPaintMs: msSchema,
    interruptToLastPaintMs: msSchema,
    escToUpstreamClosedMs: msSchema,
    redirectToFirstPaintMs: msSchema,
  })
  .partial();
export type ClientMetrics = z.infer<typeof clientMetricsSchema>;

export const fastResolveSchema = z.object({
  requestId: requestIdSchema,
  outcome: z.enum(['accepted', 'rejected', 'handed_off']),
  acceptedHunks: z.number().int().min(0).max(100_000).optional(),
  totalHunks: z.number().int().min(0).max(100_000).optional(),
  clientMetrics: clientMetricsSchema.optional(),
});
export type FastResolve = z.infer<typeof fastResolveSchema>;

export type GhostState = 'streaming' | 'interrupted' | 'done' | 'error' | 'accepted' | 'rejected' | 'handed_off';
export type GhostOutcome = Extract<GhostState, 'accepted' | 'rejected' | 'handed_off'>;
export const isResolved = (s: GhostState): s is GhostOutcome =>
  s === 'accepted' || s === 'rejected' || s === 'handed_off';

/** Figures the server measures for a turn (milliseconds, performance.now differences). */
export type ServerTurnMetrics = {
  /** Tandem's own time: request received → model request sent. */
  harnessMs?: number;
  /** The model's: model request sent → first token. */
  ttftMs?: number;
  tokensPerSec?: number;
  outputTokens?: number;
  /** Set when `outputTokens` (and so tokens/s) is estimated from the text, not reported by the model. */
  tokensEstimated?: boolean;
  promptTokens?: number;
  /** Interrupt received → the upstream response closed (its stream ended on this side). */
  interruptToCloseMs?: number;
  redirectToFirstTokenMs?: number;
  /** How the last redirect reached the model: a native steer of the running response, or abort and restart. */
  redirectVia?: 'steer' | 'restart';
  /** Predicted Outputs: answer tokens the provider took from the prediction, and prediction tokens not used. */
  predictionAcceptedTokens?: number;
  predictionRejectedTokens?: number;
};

/** What anyone may know about a lane's model: never its key, never its full URL. */
export type ModelInfo = { lane: ModelLane; model: string; host: string; simulated: boolean };

export type FastTurnInfo = {
  requestId: string;
  path: string;
  by: string;
  /** The asker's browser tab, the same across its reconnects (a digest of the key it proves it with). */
  byClient: string;
  instruction: string;
  range: LineRange;
  original: string;
  /** Y.RelativePosition JSON of the range's start and end in the document's `content` text. */
  anchor: { start: unknown; end: unknown };
  model: ModelInfo;
  lane: 'fast';
  intent: FastIntent;
  /** Set for one of several alternatives of the same range. */
  alternative?: Alternative;
  reason: string;
};

/**
 * The ghost's output becomes `output.slice(0, from) + text`: appends, and rewinds on a redirect.
 * `seq` numbers a turn's deltas and state events together (1, 2, 3 …): a receiver that sees a
 * gap asks for a snapshot (`fast/snapshot`).
 */
export type FastDelta = { requestId: string; from: number; text: string; seq: number };

export type FastStateEvent = {
  requestId: string;
  state: GhostState;
  message?: string;
  metrics: ServerTurnMetrics;
  redirects: string[];
  seq: number;
};

/** A whole turn as its events have built it so far (seq = the last event in it; 0 = none yet). */
export type FastTurnSnapshot = {
  info: FastTurnInfo;
  state: GhostState;
  message?: string;
  output: string;
  redirects: string[];
  metrics: ServerTurnMetrics;
  seq: number;
};

export type FastTurnRecord = {
  requestId: string;
  path: string;
  by: string;
  instruction: string;
  redirects: string[];
  range: LineRange;
  output: string;
  outcome: GhostState;
  model: string;
  metrics: ServerTurnMetrics & ClientMetrics;
  /** Why this request went to the fast lane (the router's reason, or the person's choice). */
  reason: string;
  /** Absent on turns recorded before answers existed: those are edits. */
  intent?: FastIntent;
  alternative?: Alternative;
  createdAt: number;
};
