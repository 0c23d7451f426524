// Why: a background run that continues a fast-lane session shows, as its first evidence item,
// exactly what it received — the source turn, each turn's figures as the server measured them,
// the size of the partial diff, any answer the fast model gave and the validation the person
// asked for. One shape for the evidence item, the run's first model message and the runs panel,
// and one way to write its figures.
import { z } from 'zod';
import { requestIdSchema } from './fast';
import { workspacePathSchema } from './paths';
import { lineRangeSchema } from './shapes';

/** The partial diff's size, in changed lines. */
export const handoffDiffStatSchema = z.object({
  added: z.number().int().min(0).max(1_000_000),
  removed: z.number().int().min(0).max(1_000_000),
});
export type HandoffDiffStat = z.infer<typeof handoffDiffStatSchema>;

const msOrNull = z.number().min(0).nullable();

/** One fast-lane turn on the handed-off range, with the figures the server recorded for it. */
export const handoffTurnSchema = z.object({
  requestId: requestIdSchema,
  instruction: z.string(),
  redirects: z.array(z.string()),
  redirectVia: z.enum(['steer', 'restart']).nullable(),
  outcome: z.string(),
  ttftMs: msOrNull,
  outputTokens: z.number().int().min(0).nullable(),
  tokensEstimated: z.boolean(),
  tokensPerSec: z.number().min(0).nullable(),
  interrupted: z.boolean(),
  interruptToCloseMs: msOrNull,
  /** An answer the fast model gave in the session (its text, cut to MAX_HANDOFF_ANSWER_CHARS); absent on edits. */
  answer: z.string().max(4000).optional(),
});
export const MAX_HANDOFF_ANSWER_CHARS = 4000;
export type HandoffTurn = z.infer<typeof handoffTurnSchema>;

export const handoffEvidenceSchema = z.object({
  source: z.object({
    requestId: requestIdSchema,
    path: workspacePathSchema,
    range: lineRangeSchema,
    by: z.string(),
    instruction: z.string(),
  }),
  /** Oldest first; the last one is the handed-off turn (when the server has it). */
  turns: z.array(handoffTurnSchema),
  diff: handoffDiffStatSchema.nullable(),
  /** The command named as "validation command: …" in an instruction or redirect, or null. */
  validation: z.string().nullable(),
});
export type HandoffEvidence = z.infer<typeof handoffEvidenceSchema>;

const ms = (v: number | null) => (v === null ? null : `${Math.round(v)} ms`);

/** One turn's figures in a line: "TTFT 5 ms · 20 tokens (estimated) at 950 tok/s · interrupted …". */
export function turnFiguresText(t: HandoffTurn): string {
  const tokens =
    t.outputTokens === null
      ? null
      : `${t.outputTokens} output tokens${t.tokensEstimated ? ' (estimated)' : ''}` +
        (t.tokensPerSec === null ? '' : ` at ${Math.round(t.tokensPerSec)} tok/s`);
  const interrupt = t.interrupted
    ? `interrupted${t.interruptToCloseMs === null ? '' : ` (stream closed ${ms(t.interruptToCloseMs)} after Esc)`}`
    : null;
  const figures = [t.ttftMs === null ? null : `TTFT ${ms(t.ttftMs)}`, tokens, interrupt].filter(Boolean);
  return figures.length ? figures.join(' · ') : 'no figures recorded';
}

export function diffStatText(d: HandoffDiffStat | null): string {
  return d ? `+${d.added} −${d.removed} lines` : 'size unknown';
}
