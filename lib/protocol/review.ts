// The review lane on the wire: read a file (or a range of it) and report findings — never a diff.
import { z } from 'zod';
import type { ModelInfo } from './fast';
import { workspacePathSchema } from './paths';
import { runIdSchema } from './runs';
import { boundedLineRangeSchema, instructionSchema } from './shapes';

/** Most lines the review lane reads at once (a range, a file, or a run's diff with its context). */
export const MAX_REVIEW_LINES = 3000;
const reviewRangeSchema = boundedLineRangeSchema(
  MAX_REVIEW_LINES,
  `a review reads at most ${MAX_REVIEW_LINES} lines at once: select a part of it`,
);

export const reviewStartSchema = z
  .object({
    /** Review a file (or a range of it) as this connection has it open… */
    path: workspacePathSchema.optional(),
    range: reviewRangeSchema.optional(),
    /** …or the diff a background run produced. */
    runId: runIdSchema.optional(),
    instruction: instructionSchema('the instruction is empty: say what to look for'),
  })
  .refine((r) => (r.path === undefined) !== (r.runId === undefined), 'give either a path or a runId')
  .refine((r) => !r.range || r.path, 'a range needs the path of its file');

export const severitySchema = z.enum(['info', 'warning', 'error']);

export const findingSchema = z.object({
  path: z.string(),
  startLine: z.number().int().min(1),
  endLine: z.number().int().min(1),
  severity: severitySchema,
  message: z.string().min(1).max(2000),
});
export type Finding = z.infer<typeof findingSchema> & { id: string };

export type ReviewResult = {
  reviewId: string;
  /** The file reviewed, or the run whose diff was reviewed ("run <id>"). */
  path: string;
  by: string;
  instruction: string;
  lane: 'review';
  reason: string;
  model: ModelInfo;
  findings: Finding[];
  durationMs: number;
};
