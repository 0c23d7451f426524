// Next-edit suggestions on the wire (the autocomplete lane's second half): after an edit, the
// browser asks for the next related edit elsewhere in the file. It sends the cursor (checked as a
// completion's is) and its own recent edits; the server reads the region around the cursor from
// the shared document, asks the model and answers the asker alone with one range edit. Accepting
// it is an ordinary document edit. See docs/protocol.md, "Next-edit suggestions".
import { z } from 'zod';
import { completeRequestSchema, type CompleteSkip, type CompleteTimings } from './complete';

/** Edits of the person's own kept per document and sent with a request (most recent last). */
export const MAX_EDIT_HISTORY = 5;
/** Longest old or new text of one remembered edit (a larger paste is not a pattern to follow). */
export const MAX_EDIT_TEXT = 2_000;

/**
 * One edit of the person's: the text at `offset` (UTF-16 units, in the document as it is now,
 * later edits accounted for) reads `newText`, where it read `oldText` before the edit.
 */
export const recentEditSchema = z.strictObject({
  offset: z.number().int().min(0).max(100_000_000),
  oldText: z.string().max(MAX_EDIT_TEXT, `oldText is longer than ${MAX_EDIT_TEXT} characters`),
  newText: z.string().max(MAX_EDIT_TEXT, `newText is longer than ${MAX_EDIT_TEXT} characters`),
});
export type RecentEdit = z.infer<typeof recentEditSchema>;

/** The cursor of a completion request; one next edit is asked for (no `n`). */
export const nextEditRequestSchema = completeRequestSchema.omit({ n: true }).extend({
  /** The person's recent edits of this document, oldest first; at least one. */
  history: z
    .array(recentEditSchema)
    .min(1, 'history needs at least one edit')
    .max(MAX_EDIT_HISTORY, `history has more than ${MAX_EDIT_HISTORY} edits`),
});
export type NextEditRequest = z.infer<typeof nextEditRequestSchema>;

/** The proposed edit: replace `oldText` at `offset` (the server's document when it answered) by `newText`. */
export type NextEditRange = {
  offset: number;
  oldText: string;
  newText: string;
  /** Where `offset` is, 1-based as Monaco counts (UTF-16 columns). */
  line: number;
  column: number;
};

export type NextEditSuggestion = {
  edit: NextEditRange;
  model: string;
  simulated: boolean;
  timings: CompleteTimings;
};

/**
 * Why there is no suggestion: a completion's reasons, `'none'` (the model saw nothing to do) or
 * `'rejected'` (its answer did not apply cleanly to the document).
 */
export const NEXT_EDIT_SKIPS = ['off', 'superseded', 'cancelled', 'stale', 'none', 'rejected'] as const;
export type NextEditSkip = CompleteSkip | (typeof NEXT_EDIT_SKIPS)[number];

export type NextEditReply = { suggestion: NextEditSuggestion } | { suggestion: null; skipped: NextEditSkip };
