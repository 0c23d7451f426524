// Enter in the instruction box as one event: the server routes the instruction (or takes the lane
// the person chose) and starts that lane at once, answering with the decision and what it started.
// One hop from Enter to the model: no `route/preview` round trip has to come first.
import { z } from 'zod';
import { clientRequestIdSchema, MAX_ALTERNATIVES, turnContextSchema, type FastTurnInfo } from './fast';
import { workspacePathSchema } from './paths';
import type { ReviewResult } from './review';
import { FAST_INTENTS, LANES, type RouteAnswer } from './route';
import type { RunSummary } from './runs';
import { instructionSchema, lineRangeSchema } from './shapes';

export const submitSchema = z.object({
  /** The id the fast-lane turn gets if the fast lane takes it (chosen by the client, unique). */
  requestId: clientRequestIdSchema,
  /** As typed, an override prefix (`/fast`, `/bg`, `/review`) included. */
  instruction: instructionSchema('the instruction is empty: say what to change'),
  /** The active file and the selected lines (or the block at the cursor), when there are any. */
  path: workspacePathSchema.nullable(),
  range: lineRangeSchema.nullable(),
  /** The lane the person picked on the badge, over the router's choice. */
  lane: z.enum(LANES).optional(),
  /** Edit or answer, over the router's reading of the words (e.g. "apply this" from an answer is an edit). */
  intent: z.enum(FAST_INTENTS).optional(),
  /** Alternatives ×N: a fast edit streams N rewrites of the range side by side (ids: alternativeRequestId). */
  alternatives: z.number().int().min(2).max(MAX_ALTERNATIVES).optional(),
  /** Text the lane takes along, e.g. the answer this request follows from. */
  context: turnContextSchema.optional(),
});
export type SubmitRequest = z.output<typeof submitSchema>;

/** The lane decision, with the fast turn, the background run or the review it started. */
export type SubmitReply = {
  decision: RouteAnswer;
  turn?: FastTurnInfo;
  /** Alternatives ×N: every alternative's turn, `turn` being the first. */
  alternatives?: FastTurnInfo[];
  run?: RunSummary;
  review?: ReviewResult;
};
