// The autocomplete lane on the wire: inline completions (fill-in-the-middle at the cursor). The
// browser asks with the cursor's place; the server reads the text around it from the shared
// document it holds (no file is shipped per keystroke), asks the completion model and answers the
// asker alone (a suggestion is private until accepted; accepting is an ordinary document edit).
// One acknowledgement carries the whole suggestion: see docs/protocol.md, "Autocomplete".
import { z } from 'zod';
import { clientRequestIdSchema } from './fast';
import { workspacePathSchema } from './paths';

/** The completion model's API: fill-in-the-middle on /v1/completions, or a FIM prompt on chat. */
export const COMPLETE_APIS = ['fim', 'chat'] as const;
export type CompleteApi = (typeof COMPLETE_APIS)[number];

/** Longest cursor line prefix the browser sends to check it and the server see the same text. */
export const MAX_LINE_PREFIX = 2_000;
/** Most candidates one request may ask for (the person cycles them with Alt+] / Alt+[). */
export const MAX_CANDIDATES = 3;

export const completeRequestSchema = z.strictObject({
  requestId: clientRequestIdSchema,
  path: workspacePathSchema,
  /** The cursor, as Monaco counts: 1-based line and column (UTF-16 units). */
  line: z.number().int().min(1).max(10_000_000),
  column: z.number().int().min(1).max(10_000_000),
  /** The cursor line's text before the cursor, as the browser sees it (the server waits to see the same). */
  linePrefix: z.string().max(MAX_LINE_PREFIX, `linePrefix is longer than ${MAX_LINE_PREFIX} characters`),
  /** Candidates wanted: 1 (absent) as the person types; more when they ask for alternatives. */
  n: z
    .number('n must be a number')
    .int('n must be a whole number')
    .min(1, 'n must be at least 1')
    .max(MAX_CANDIDATES, `n must be at most ${MAX_CANDIDATES}`)
    .optional(),
});
export type CompleteRequest = z.infer<typeof completeRequestSchema>;

export const completeCancelSchema = z.strictObject({ requestId: clientRequestIdSchema });

export const COMPLETE_OUTCOMES = ['accepted', 'dismissed'] as const;
export type CompleteOutcome = (typeof COMPLETE_OUTCOMES)[number];

const msSchema = z.number().min(0).max(600_000);

/** What became of a suggestion the browser showed, with the times only it can measure. */
export const completeReportSchema = z.strictObject({
  requestId: clientRequestIdSchema,
  /** Keystroke → complete/request sent (the pause before asking included). */
  keystrokeToRequestMs: msSchema.optional(),
  /** Keystroke → ghost text shown (Monaco's handleItemDidShow). */
  keystrokeToShownMs: msSchema.optional(),
  /** Shown → accepted or dismissed; absent when it was never shown. */
  shownToOutcomeMs: msSchema.optional(),
  outcome: z.enum(COMPLETE_OUTCOMES),
});
export type CompleteReport = z.infer<typeof completeReportSchema>;

/** Server-side figures of one suggestion, ms. */
export type CompleteTimings = {
  /** complete/request received → upstream request sent (context, waits, a probe on first use). */
  serverMs: number;
  /** Upstream request sent → first token; null when the suggestion was reused or empty. */
  ttftMs: number | null;
  /** complete/request received → suggestion ready. */
  totalMs: number;
};

export type CompleteSuggestion = {
  /** The text to insert at the cursor ('' when the model proposed nothing). */
  text: string;
  model: string;
  simulated: boolean;
  api: CompleteApi;
  /** Served from the previous suggestion that the person typed through (no model request). */
  reused: boolean;
  /** Asked with `n` > 1: the other candidates, distinct from `text` and each other (maybe none). */
  alternatives: string[];
  timings: CompleteTimings;
};

/** Why there is no suggestion: off, superseded or cancelled, or the document moved on meanwhile. */
export const COMPLETE_SKIPS = ['off', 'superseded', 'cancelled', 'stale'] as const;
export type CompleteSkip = (typeof COMPLETE_SKIPS)[number];

export type CompleteReply = { suggestion: CompleteSuggestion } | { suggestion: null; skipped: CompleteSkip };

/** One model's suggestions on this server since it started, from the figures behind /metrics. */
export type CompleteModelStats = {
  model: string;
  /** Suggestions the browsers reported shown, and of them accepted. */
  shown: number;
  accepted: number;
  /** Means over the suggestions measured (exact: sum / count); null when none was. */
  keystrokeToShownMs: number | null;
  modelTtftMs: number | null;
};

/** What the browser's status bar shows: whether the workspace allows autocomplete, and the model. */
export type CompleteInfo = {
  /** False when the workspace turned it off (`"autocomplete": false` in tandem.json). */
  enabled: boolean;
  model: string;
  host: string;
  simulated: boolean;
  /** The API in use; null until the first request has probed the endpoint (setting `auto`). */
  api: CompleteApi | null;
  /** Per model, on this server (each web node counts its own in a cluster); absent where not asked. */
  stats?: CompleteModelStats[];
};

/**
 * Typing through a suggestion (both ends use it): what is left of `text`, offered after `prefix`,
 * now that the text before the cursor is `now` — null when the person typed something else,
 * went back, or typed all of it.
 */
export function remainingAfterTyping(offered: { prefix: string; text: string }, now: string): string | null {
  if (now.length < offered.prefix.length || !now.startsWith(offered.prefix)) return null;
  const typed = now.slice(offered.prefix.length);
  if (typed.length >= offered.text.length || !offered.text.startsWith(typed)) return null;
  return offered.text.slice(typed.length);
}
